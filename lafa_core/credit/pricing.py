"""The LTO lease's pricing: what a deposit and a term do to the financed amount and the weekly
payment. Pure arithmetic, no I/O.

A lease is a level weekly payment that repays the financed amount (the vehicle's price less the
deposit) over the term at the lease's annual rate:

    weekly payment = financed × r / (1 − (1 + r)^−term),   r = LEASE_ANNUAL_RATE / 52

An application states its deposit, term and weekly payment; the price of the vehicle they imply
(deposit + the payment's present value) stays fixed when a what-if changes the deposit or the
term, so a larger deposit finances less and lowers the payment, a longer term spreads it thinner.
The model's features (payment, cover ratios, deposit in weeks of payment) are then recomputed from
the edited application by the one feature function (lafa_core.credit.features).
"""
from __future__ import annotations

LEASE_ANNUAL_RATE = 0.20  # a 400,000 MXN vehicle over 208 weeks at ≈ 12,000 MXN a month (data/business.yaml)
WEEKS_PER_YEAR = 52
PAYMENT_ROUNDING_CENTAVOS = 100  # the weekly payment is quoted in whole pesos

DEPOSIT, TERM, PAYMENT = "requested_deposit_centavos", "requested_term_weeks", "requested_weekly_rate_centavos"


class DepositCoversPrice(ValueError):
    """A deposit at or above the vehicle's price leaves nothing to lease."""

    def __init__(self, deposit_centavos: int, price_centavos: int):
        super().__init__(f"a deposit of {deposit_centavos / 100:,.0f} pesos covers the vehicle's price of "
                         f"{price_centavos / 100:,.0f} pesos: nothing is left to lease")
        self.deposit_centavos, self.price_centavos = deposit_centavos, price_centavos


def annuity_factor(term_weeks: int, annual_rate: float = LEASE_ANNUAL_RATE) -> float:
    """Present value of one peso a week for `term_weeks` weeks."""
    rate = annual_rate / WEEKS_PER_YEAR
    if rate == 0:
        return float(term_weeks)
    return (1 - (1 + rate) ** -term_weeks) / rate


def weekly_payment_centavos(financed_centavos: float, term_weeks: int, annual_rate: float = LEASE_ANNUAL_RATE) -> int:
    """The level weekly payment that repays `financed_centavos` over `term_weeks`, in whole pesos."""
    payment = financed_centavos / annuity_factor(term_weeks, annual_rate)
    return int(round(payment / PAYMENT_ROUNDING_CENTAVOS)) * PAYMENT_ROUNDING_CENTAVOS


def financed_centavos(application: dict, annual_rate: float = LEASE_ANNUAL_RATE) -> int:
    """The amount the requested payment repays over the requested term."""
    return int(round(int(application[PAYMENT]) * annuity_factor(int(application[TERM]), annual_rate)))


def vehicle_price_centavos(application: dict, annual_rate: float = LEASE_ANNUAL_RATE) -> int:
    """The price the requested lease implies: deposit + financed amount."""
    return int(application[DEPOSIT]) + financed_centavos(application, annual_rate)


def repriced(application: dict, *, deposit_centavos: int | None = None, term_weeks: int | None = None,
             annual_rate: float = LEASE_ANNUAL_RATE) -> dict:
    """The application with another deposit and/or term, its weekly payment priced again for the
    same vehicle. Unchanged deposit and term: the application as it is (its own payment kept).
    DepositCoversPrice when the deposit leaves nothing to finance."""
    deposit = int(application[DEPOSIT]) if deposit_centavos is None else int(deposit_centavos)
    term = int(application[TERM]) if term_weeks is None else int(term_weeks)
    if deposit == int(application[DEPOSIT]) and term == int(application[TERM]):
        return dict(application)
    price = vehicle_price_centavos(application, annual_rate)
    if deposit >= price:
        raise DepositCoversPrice(deposit, price)
    payment = max(weekly_payment_centavos(price - deposit, term, annual_rate), PAYMENT_ROUNDING_CENTAVOS)
    return {**application, DEPOSIT: deposit, TERM: term, PAYMENT: payment}


def lease_price_centavos(deposit_centavos: int, weekly_centavos: int, term_weeks: int,
                         annual_rate: float = LEASE_ANNUAL_RATE) -> int:
    """The vehicle's price a signed lease implies: its deposit + the present value of its payments."""
    return int(deposit_centavos) + int(round(int(weekly_centavos) * annuity_factor(int(term_weeks), annual_rate)))


def equity_centavos(deposit_centavos: int, weekly_centavos: int, term_weeks: int, installments_paid: int,
                    annual_rate: float = LEASE_ANNUAL_RATE) -> int:
    """What the lessee owns of the vehicle after `installments_paid` full weekly payments: the price
    less the principal still financed (the present value of the payments left). The deposit is
    his from the first day; each payment adds its principal part, more of it as the term runs."""
    left = max(int(term_weeks) - int(installments_paid), 0)
    remaining = int(round(int(weekly_centavos) * annuity_factor(left, annual_rate))) if left else 0
    return lease_price_centavos(deposit_centavos, weekly_centavos, term_weeks, annual_rate) - remaining
