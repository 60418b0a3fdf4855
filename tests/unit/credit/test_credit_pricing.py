"""The lease's own pricing: a deposit and a term change the financed amount and the weekly payment
for the same vehicle, and the what-if scores exactly the application so edited."""
import pytest

from lafa_core import bounds
from lafa_core.credit import pricing
from lafa_core.credit.service import edited_application

APPLICATION = {"requested_deposit_centavos": 900_000, "requested_term_weeks": 208,
               "requested_weekly_rate_centavos": 300_000, "platform_weekly_earnings_centavos": 800_000,
               "declared_monthly_income_centavos": 3_500_000}


def test_the_requested_lease_implies_a_price_that_a_what_if_keeps():
    price = pricing.vehicle_price_centavos(APPLICATION)
    assert price == APPLICATION["requested_deposit_centavos"] + pricing.financed_centavos(APPLICATION)
    assert 40_000_000 < price < 50_000_000  # a 208-week lease of $3,000 a week at 20 % a year: a $438,000 car
    for deposit in (0, 500_000, 2_000_000, 10_000_000):
        edited = pricing.repriced(APPLICATION, deposit_centavos=deposit)
        implied = pricing.vehicle_price_centavos(edited)
        assert abs(implied - price) <= pricing.annuity_factor(208) * 50  # only the payment's rounding to a peso


def test_more_deposit_or_a_longer_term_lowers_the_weekly_payment():
    payments = [pricing.repriced(APPLICATION, deposit_centavos=d)["requested_weekly_rate_centavos"]
                for d in (0, 900_000, 3_000_000, 9_000_000)]
    assert payments == sorted(payments, reverse=True) and len(set(payments)) == 4
    by_term = [pricing.repriced(APPLICATION, term_weeks=w)["requested_weekly_rate_centavos"] for w in (104, 208, 312)]
    assert by_term == sorted(by_term, reverse=True) and by_term[1] == 300_000
    assert pricing.repriced(APPLICATION) == APPLICATION  # nothing changed: the requested payment kept
    assert all(p % 100 == 0 for p in payments + by_term)  # whole pesos


def test_a_deposit_that_covers_the_price_is_refused_naming_the_field():
    price = pricing.vehicle_price_centavos(APPLICATION)
    with pytest.raises(pricing.DepositCoversPrice):
        pricing.repriced(APPLICATION, deposit_centavos=price)
    with pytest.raises(bounds.InvalidInput) as refused:
        edited_application(APPLICATION, {"requested_deposit_centavos": price + 100})
    assert refused.value.field == "requested_deposit_centavos"


def test_the_edited_application_sets_income_as_given_and_prices_deposit_and_term():
    edited = edited_application(APPLICATION, {"declared_monthly_income_centavos": 4_000_000,
                                              "requested_deposit_centavos": 2_000_000, "requested_term_weeks": 156})
    assert edited["declared_monthly_income_centavos"] == 4_000_000
    assert (edited["requested_deposit_centavos"], edited["requested_term_weeks"]) == (2_000_000, 156)
    assert edited["requested_weekly_rate_centavos"] == pricing.repriced(
        APPLICATION, deposit_centavos=2_000_000, term_weeks=156)["requested_weekly_rate_centavos"]
