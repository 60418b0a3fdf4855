from lafa_core.bench import BUDGETS


def _over(row):
    return [b.figure for b in BUDGETS if b.applies(row) and row[b.figure] > b.limit]


def test_budgets_apply_by_size_and_engine():
    row = {"vehicles": 2_000, "engine": "sqlite", "build_s": 61, "home_page_s": 0.4,
           "collections.book_next_account_p95_ms": 70, "credit.credit_score_explain_one_ms": 20}
    assert _over(row) == ["build_s"]  # the p95 budget is for PostgreSQL only
    assert _over(row | {"engine": "postgresql"}) == ["build_s", "collections.book_next_account_p95_ms"]
    assert _over(row | {"vehicles": 500}) == []  # no foundation budget at 500 vehicles
    assert _over({"vehicles": 10_000, "engine": "sqlite", "build_s": 299, "home_page_s": 1.6}) == ["home_page_s"]
