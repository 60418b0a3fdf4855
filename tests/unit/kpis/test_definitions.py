import pytest

from lafa_core.i18n import CATALOGS
from lafa_core.kpis import KPIS, Period
from datetime import date


def test_every_kpi_has_a_label_and_a_one_line_definition_in_both_languages():
    for key in KPIS:
        for suffix in ("", ".help"):
            es, en = CATALOGS["es"][f"kpi.{key}{suffix}"], CATALOGS["en"][f"kpi.{key}{suffix}"]
            assert es and en and es != en or key == "par30" and suffix == ""
            assert "\n" not in es and "\n" not in en
