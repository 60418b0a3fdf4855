"""Domain errors reach the page in the user's language; the CLI keeps the English sentence."""
from datetime import date

import pandas as pd
import pytest

from lafa_core.collections import CollectionsError, restructured_schedule
from lafa_core.credit import TrainingDataError
from lafa_core.credit.model import prepare_training_table
from lafa_core.errors import LocalizedError, error_text


def test_restructuring_error_in_spanish_and_english():
    with pytest.raises(CollectionsError) as raised:
        restructured_schedule(300_000, 4, date(2026, 12, 7), "reduce_payment", 80_000, lease_ends_by=date(2030, 1, 1),
                              max_grace_weeks=8)
    assert error_text(raised.value, "es") == "El nuevo pago debe ser menor que el actual de $750.00."
    assert error_text(raised.value, "en") == "The new payment must be below the current $750.00."
    assert "75000 centavos" in str(raised.value)


def test_training_error_names_the_problem_in_spanish():
    frame = pd.DataFrame({"income": range(30), "bad": [1] * 3 + [0] * 27,
                          "submitted_at": pd.date_range("2026-01-01", periods=30, tz="UTC")})
    with pytest.raises(TrainingDataError) as raised:
        prepare_training_table(frame, "bad", "submitted_at")
    assert error_text(raised.value, "es").startswith("Sólo hay 3 casos de la clase 1")


def test_an_error_without_a_translation_shows_its_own_message():
    assert error_text(ValueError("plain"), "es") == "plain"
    assert error_text(LocalizedError("english", key="no.such.key"), "es") == "english"
