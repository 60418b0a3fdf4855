"""The ledger's rules, defined once: DPD buckets, the balance owed, average days past due and
promise matching (`rules`, pure); active on a day, days past due and PAR-n (`sql`, `queries`)."""
from lafa_core.ledger.rules import (
    BUCKET_ORDER, CURRENT, DPD_BUCKETS, PAR_DAYS, BucketRow, PortfolioSnapshot, PromiseFate, allocate_payment,
    average_days_past_due, installment_due_offset, lease_schedule,
    bucket_rank, days_from_due, dpd_bucket, dpd_buckets, outstanding_centavos, promise_fate, promise_fates, promise_window,
)

__all__ = [
    "BUCKET_ORDER", "CURRENT", "DPD_BUCKETS", "PAR_DAYS", "BucketRow", "PortfolioSnapshot", "PromiseFate",
    "allocate_payment", "installment_due_offset", "lease_schedule",
    "average_days_past_due", "bucket_rank", "days_from_due", "dpd_bucket", "dpd_buckets", "outstanding_centavos", "promise_fate",
    "promise_fates", "promise_window",
]
