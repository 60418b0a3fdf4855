"""Score scaling, bands and knock-out rules."""
import math

import numpy as np
import pytest

from lafa_core.credit.policy import (DEFAULT_POLICY, Band, band_for, decision_needs_reason, fired_rules,
                                     pd_from_score, score_from_log_odds_bad, score_from_pd, yellow_conditions)


def test_score_is_monotonic_decreasing_in_probability_of_default():
    pds = np.linspace(0.0005, 0.9995, 2000)
    scores = [score_from_pd(p) for p in pds]
    assert all(a >= b for a, b in zip(scores, scores[1:]))
    assert scores[0] > scores[-1]
    assert all(0 <= s <= 1000 for s in scores)


def test_points_to_double_odds_scaling():
    # Odds 19:1 (PD 5 %) score the base; doubling the odds of being good adds 50 points.
    assert score_from_pd(0.05) == 600
    odds = 19 * 2
    assert score_from_pd(1 / (1 + odds)) == 650
    assert score_from_pd(1 / (1 + 19 / 2)) == 550
    assert score_from_log_odds_bad(math.log(0.05 / 0.95)) == 600


def test_pd_from_score_inverts_the_scale():
    for score in (420, 500, 560, 600, 710):
        assert score_from_pd(pd_from_score(score)) == score


def test_bands_follow_thresholds_and_knock_outs_force_red():
    p = DEFAULT_POLICY
    assert band_for(p.green_min_score, []) is Band.GREEN
    assert band_for(p.green_min_score - 1, []) is Band.YELLOW
    assert band_for(p.yellow_min_score, []) is Band.YELLOW
    assert band_for(p.yellow_min_score - 1, []) is Band.RED
    assert band_for(900, ["no_valid_licence"]) is Band.RED


APPLICANT = {"age": 35, "has_valid_licence": True, "platform_weekly_earnings_centavos": 800_000,
             "requested_weekly_rate_centavos": 300_000, "platform_rating": 4.9,
             "requested_deposit_centavos": 900_000, "requested_term_weeks": 208}


def test_a_sound_applicant_fires_no_rule():
    assert fired_rules(APPLICANT) == []


@pytest.mark.parametrize("change, rule", [
    ({"age": 20}, "age_out_of_range"),
    ({"age": 66}, "age_out_of_range"),
    ({"has_valid_licence": False}, "no_valid_licence"),
    ({"platform_weekly_earnings_centavos": 349_900}, "earnings_below_floor"),
    ({"platform_weekly_earnings_centavos": 449_900}, "earnings_below_lease_cover"),
    ({"platform_rating": 4.49}, "rating_below_minimum"),
])
def test_each_knock_out_rule_fires_by_name(change, rule):
    assert rule in fired_rules({**APPLICANT, **change})


def test_rules_at_their_limits_do_not_fire():
    edge = {**APPLICANT, "age": 21, "platform_weekly_earnings_centavos": 450_000, "platform_rating": 4.5}
    assert fired_rules(edge) == []
    assert fired_rules({**APPLICANT, "age": 65}) == []


def test_decisions_against_the_band_need_a_reason():
    assert not decision_needs_reason("approved", Band.GREEN)
    assert not decision_needs_reason("approved_with_conditions", Band.YELLOW)
    assert not decision_needs_reason("declined", Band.RED)
    assert decision_needs_reason("approved", Band.RED)
    assert decision_needs_reason("declined", Band.GREEN)


def test_yellow_conditions_raise_the_deposit_and_shorten_the_term():
    conditions = yellow_conditions(APPLICANT)
    assert conditions["deposit_centavos"] == 300_000 * DEFAULT_POLICY.yellow_deposit_weeks
    assert conditions["term_weeks"] == DEFAULT_POLICY.yellow_max_term_weeks
