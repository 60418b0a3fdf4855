"""What the credit page shows: every sentence it builds exists in both languages, refusals name
the field as the page labels it, the what-if asks within the service's bounds."""
import re
from datetime import datetime
from pathlib import Path

import pytest

from lafa_core import bounds, credit
from lafa_core.config import LOCAL_TZ
from lafa_core.credit import presentation as view
from lafa_core.credit.service import WHAT_IF_BOUNDS
from lafa_core.i18n import CATALOG, t
from lafa_core.identity import Actor, acting

SOURCE = Path(view.__file__).read_text(encoding="utf-8")


def test_every_key_the_presentation_uses_exists():
    used = set(re.findall(r"""\bt\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""", SOURCE))
    used |= {label for label, _, _ in view._WHAT_IF_LABELS.values()}
    assert used and not sorted(k for k in used if k not in CATALOG)
    for field in WHAT_IF_BOUNDS:
        assert f"credit.field.{field}" in CATALOG


def test_refusals_name_the_field_in_the_users_words():
    with pytest.raises(bounds.InvalidInput) as too_long:
        acting(Actor("A" * 61))
    assert view.refusal_text(too_long.value, "es") == "Analista: a lo más 60 caracteres."
    assert view.refusal_text(too_long.value, "en") == "Analyst: at most 60 characters."
    with pytest.raises(bounds.InvalidInput) as nobody:
        acting(None)
    assert view.refusal_text(nobody.value, "en") == t("input.actor_required", "en")
    late = credit.AlreadyDecided(5, "declined", "Ana", datetime(2026, 7, 6, 10, tzinfo=LOCAL_TZ))
    assert view.refusal_text(late, "en") == t("credit.already_decided", "en", analyst="Ana", decision="Decline",
                                              when="6 Jul 2026")
    assert view.refusal_text(credit.ReasonRequired("approved", credit.Band.RED), "es") == t(
        "credit.reason_required", band=t("credit.band.red"))
    assert view.refusal_text(credit.ApplicationNotFound(9), "es") == t("credit.not_found")


def test_what_if_inputs_ask_in_pesos_within_the_service_bounds():
    application = {"platform_weekly_earnings_centavos": 812_345, "declared_monthly_income_centavos": 3_500_000,
                   "requested_deposit_centavos": 900_000, "requested_term_weeks": 208}
    inputs = {i.name: i for i in view.what_if_inputs(application)}
    assert list(inputs) == list(WHAT_IF_BOUNDS)
    earnings = inputs["platform_weekly_earnings_centavos"]
    assert (earnings.unit, earnings.minimum, earnings.maximum, earnings.value) == (100, 0, 10_000_000, 8_123)
    term = inputs["requested_term_weeks"]
    assert (term.unit, term.minimum, term.maximum, term.value) == (1, 1, 520, 208)
    for field in inputs.values():  # whatever the page lets one type, the service accepts
        low, high = WHAT_IF_BOUNDS[field.name]
        assert low <= field.minimum * field.unit and field.maximum * field.unit <= high


def test_the_champion_text_says_how_many_leases_were_measured_out_of_time():
    from lafa_core.credit.presentation import champion_text

    metadata = {"champion": "logistic", "rows": {"validation": 49},
                "selection": {"method": "rolling", "minimum_rows": 500, "evidence": {"logistic": 0.74, "gbm": 0.70},
                              "folds": [{"rows": 24}, {"rows": 25}, {"rows": 25}, {"rows": 49}]}}
    text = champion_text(metadata, "es")
    assert text.startswith("El periodo de validación tiene 49 solicitudes, menos de 500")
    assert "(4 cortes" in text and "123 contratos maduros medidos fuera de tiempo en total" in text
    assert "123 matured leases measured out of time in all" in champion_text(metadata, "en")
