"""The ledger's rules, defined once: active on a day, days past due, DPD buckets, PAR-n, the
balance owed, average days past due and promise matching. See `rules` (pure) and `sql`."""
from lafa_core.ledger.rules import (
    BUCKET_ORDER, CURRENT, DPD_BUCKETS, PAR_DAYS, BucketRow, PortfolioSnapshot, PromiseFate, average_days_past_due,
    bucket_rank, days_past_due, days_relative_to_due, dpd_bucket, dpd_buckets, is_active_on, outstanding_centavos,
    par, promise_fate, promise_fates, promise_window,
)

__all__ = [
    "BUCKET_ORDER", "CURRENT", "DPD_BUCKETS", "PAR_DAYS", "BucketRow", "PortfolioSnapshot", "PromiseFate",
    "average_days_past_due", "bucket_rank", "days_past_due", "days_relative_to_due", "dpd_bucket", "dpd_buckets",
    "is_active_on", "outstanding_centavos", "par", "promise_fate", "promise_fates", "promise_window",
]
