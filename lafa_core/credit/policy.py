"""Credit policy: the score scale, the bands and the knock-out rules. Pure rules, no I/O.

Score scaling (a classic scorecard): the model's probability of default `pd` becomes
odds of being good, `odds = (1 - pd) / pd`, and

    lafa_risk_score = BASE_SCORE + POINTS_TO_DOUBLE_ODDS * log2(odds / BASE_ODDS)

clipped to 0–1000 and rounded. With the defaults, odds of 19:1 (PD 5 %) score 600 and
every 50 points double the odds of being good (PD 2.6 % → 650, PD 9.5 % → 550). The
score is a decreasing function of PD: higher is safer.
"""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

from lafa_core.tables import ApplicationStatus

SCORE_MIN, SCORE_MAX = 0, 1000
PD_FLOOR = 1e-9  # keeps log-odds finite for a PD of exactly 0 or 1


class Band(str, enum.Enum):
    GREEN = "green"  # auto-approve
    YELLOW = "yellow"  # approve with conditions: larger deposit or shorter term
    RED = "red"  # decline or manual review


# What each band recommends; a decision that differs needs a written reason.
BAND_DECISION = {
    Band.GREEN: ApplicationStatus.APPROVED,
    Band.YELLOW: ApplicationStatus.APPROVED_WITH_CONDITIONS,
    Band.RED: ApplicationStatus.DECLINED,
}


@dataclass(frozen=True)
class CreditPolicy:
    """Every threshold of the credit policy in one place (stored in each model's metadata)."""

    base_score: float = 600.0
    base_odds: float = 19.0  # odds good:bad at base_score (PD 5 %)
    points_to_double_odds: float = 50.0
    green_min_score: int = 560  # PD up to ~8.4 %
    yellow_min_score: int = 500  # PD up to ~17.4 %
    min_age: int = 21
    max_age: int = 65
    min_platform_weekly_earnings_centavos: int = 350_000  # $3,500 a week
    min_earnings_to_weekly_rate: float = 1.5  # platform earnings must cover the lease 1.5×
    min_platform_rating: float = 4.5
    # Conditions offered in the yellow band.
    yellow_deposit_weeks: int = 6
    yellow_max_term_weeks: int = 156
    # Training target: "bad" (default, or 60+ days past due) within this many weeks of the
    # contract's start. 16 weeks because the LTO book is young (launched December 2025): a
    # longer window leaves too few matured leases; lengthen it as the book seasons.
    performance_weeks: int = 16
    bad_days_past_due: int = 60
    # Publishing: a candidate whose validation ROC AUC is below this floor goes live only with a
    # written override reason (lafa_core.credit.lifecycle).
    publish_min_auc: float = 0.60

    def as_dict(self) -> dict:
        return dict(self.__dict__)


DEFAULT_POLICY = CreditPolicy()


def score_from_pd(pd: float, policy: CreditPolicy = DEFAULT_POLICY) -> int:
    """lafa_risk_score for a probability of default (see module docstring)."""
    p = min(max(float(pd), PD_FLOOR), 1 - PD_FLOOR)
    return score_from_log_odds_bad(math.log(p / (1 - p)), policy)


def score_from_log_odds_bad(log_odds_bad: float, policy: CreditPolicy = DEFAULT_POLICY) -> int:
    """The same scale from the model's log-odds of default (the SHAP output space)."""
    log2_odds_good = -log_odds_bad / math.log(2)
    raw = policy.base_score + policy.points_to_double_odds * (log2_odds_good - math.log2(policy.base_odds))
    return int(round(min(max(raw, SCORE_MIN), SCORE_MAX)))


def pd_from_score(score: float, policy: CreditPolicy = DEFAULT_POLICY) -> float:
    """Inverse of the scale (before clipping): the PD a score stands for."""
    odds_good = policy.base_odds * 2 ** ((score - policy.base_score) / policy.points_to_double_odds)
    return 1 / (1 + odds_good)


def band_for(score: int, rules_fired: list[str], policy: CreditPolicy = DEFAULT_POLICY) -> Band:
    """Any knock-out rule sends the application to red whatever its score."""
    if rules_fired:
        return Band.RED
    if score >= policy.green_min_score:
        return Band.GREEN
    if score >= policy.yellow_min_score:
        return Band.YELLOW
    return Band.RED


@dataclass(frozen=True)
class KnockOut:
    code: str  # also the suffix of its translation key `credit.rule.<code>`
    fired: bool
    detail: dict = field(default_factory=dict)  # the values that made it fire, for the message


def age_in_range(age: int, policy: CreditPolicy = DEFAULT_POLICY) -> bool:
    """The age knock-out: an applicant from `min_age` to `max_age` (both included) may lease.
    Also the demo company's pre-scoring manual policy (lafa_core.generate)."""
    return policy.min_age <= age <= policy.max_age


def knock_out_rules(application: dict, policy: CreditPolicy = DEFAULT_POLICY) -> list[KnockOut]:
    """Policy rules evaluated before the model; each one fired is shown by name.
    `application` holds the credit_application columns (missing ones do not fire)."""
    rules: list[KnockOut] = []
    age = application.get("age")
    if age is not None:
        rules.append(KnockOut("age_out_of_range", not age_in_range(age, policy),
                              {"age": age, "min": policy.min_age, "max": policy.max_age}))
    if application.get("has_valid_licence") is not None:
        rules.append(KnockOut("no_valid_licence", not bool(application["has_valid_licence"])))
    earnings = application.get("platform_weekly_earnings_centavos")
    if earnings is not None:
        rules.append(KnockOut("earnings_below_floor", earnings < policy.min_platform_weekly_earnings_centavos,
                              {"earnings": earnings, "floor": policy.min_platform_weekly_earnings_centavos}))
        rate = application.get("requested_weekly_rate_centavos")
        if rate:
            rules.append(KnockOut("earnings_below_lease_cover", earnings < policy.min_earnings_to_weekly_rate * rate,
                                  {"earnings": earnings, "rate": rate, "cover": policy.min_earnings_to_weekly_rate}))
    rating = application.get("platform_rating")
    if rating is not None:
        rules.append(KnockOut("rating_below_minimum", rating < policy.min_platform_rating,
                              {"rating": rating, "min": policy.min_platform_rating}))
    return rules


def fired_rules(application: dict, policy: CreditPolicy = DEFAULT_POLICY) -> list[str]:
    return [rule.code for rule in knock_out_rules(application, policy) if rule.fired]


def decision_needs_reason(decision: str, band: Band) -> bool:
    """A decision that contradicts the band's recommendation must be explained."""
    return ApplicationStatus(decision) is not BAND_DECISION[Band(band)]


def yellow_conditions(application: dict, policy: CreditPolicy = DEFAULT_POLICY) -> dict:
    """The conditions a yellow application is approved under: a larger deposit or a shorter term."""
    rate = int(application.get("requested_weekly_rate_centavos") or 0)
    deposit = max(int(application.get("requested_deposit_centavos") or 0), rate * policy.yellow_deposit_weeks)
    term = min(int(application.get("requested_term_weeks") or policy.yellow_max_term_weeks),
               policy.yellow_max_term_weeks)
    return {"deposit_centavos": deposit, "term_weeks": term}
