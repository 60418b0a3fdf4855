"""The insurance page under AppTest: premium against the band, renewals and the uninsured vehicle
(in red), claims and loss ratio by insurer as computed by hand; a claim filed and paid from the
page; finance reads it too."""
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import page_as
from tests.fleet_support import NOW, build_fleet

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "insurance.py")


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def frame(page, index):
    value = page.dataframe[index].value
    return value.data if hasattr(value, "data") else value


@pytest.mark.parametrize("role, lang", [("fleet_ops", "es"), ("finance", "en")])
def test_the_figures_by_hand(fleet, role, lang):
    page = page_as(PAGE, fleet, role, lang=lang, collections_now=NOW).run()
    assert not page.exception
    assert [(m.label, m.value) for m in page.metric] == [
        (t("fleet.ins.metric.uninsured", lang), "1"), (t("fleet.ins.metric.due", lang), "1"),
        (t("fleet.ins.metric.premium", lang), "$30,000")]
    due = frame(page, 0)
    assert due[t("fleet.col.plate", lang)].tolist() == ["FLT-003", "FLT-001"]
    assert due[t("fleet.col.window", lang)].tolist() == [t("fleet.window.uninsured", lang),
                                                         t("fleet.window.days", lang, days=30)]
    claims = frame(page, 2)
    assert claims[t("fleet.col.paid", lang)].tolist() == ["$11,400"]
    insurers = frame(page, 3)
    ratios = dict(zip(insurers[t("fleet.col.insurer", lang)], insurers[t("fleet.col.loss_ratio", lang)]))
    assert ratios == {"AXA Seguros": "0.0 %", "GNP Seguros": "77.1 %", "Qualitas": "0.0 %"}


def test_the_uninsured_vehicle_is_red(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    assert "#c62828" in str(page.dataframe[0].proto)  # the Styler's colour travels with the table


def test_file_then_pay_a_claim_from_the_page(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.selectbox(key="claim_incident").set_value(2)
    page.text_input(key="claim_amount").set_value("2,000")
    next(b for b in page.button if b.label == t("fleet.insurance.file_submit")).click().run()
    assert not page.exception and page.success[0].value == t("fleet.insurance.filed", id=2)
    page.selectbox(key="claim_open").set_value(2)
    page.selectbox(key="claim_decision").set_value("paid")
    page.text_input(key="claim_paid").set_value("1,900.00")
    next(b for b in page.button if b.label == t("fleet.insurance.decide_submit")).click().run()
    assert page.success[0].value == t("fleet.insurance.decided", id=2)
    assert frame(page, 2)[t("fleet.col.paid")].tolist() == ["$1,900", "$11,400"]
