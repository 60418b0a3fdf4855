"""The executive home's tables in the reader's language (pure: the page lays them out)."""
from __future__ import annotations

import pandas as pd

from lafa_core.i18n import format_bucket, format_date, format_mxn, format_number, format_percent, t
from lafa_core.ledger import PortfolioSnapshot


def portfolio_table(portfolio: PortfolioSnapshot, lang: str) -> pd.DataFrame:
    """The LTO book by days-past-due bucket: contracts, balance and its share."""
    return pd.DataFrame({
        t("home.portfolio.bucket", lang): [format_bucket(b.bucket, lang) for b in portfolio.buckets],
        t("home.portfolio.contracts", lang): [b.contracts for b in portfolio.buckets],
        t("home.portfolio.balance", lang): [format_mxn(b.balance_centavos) for b in portfolio.buckets],
        t("home.portfolio.share", lang): [format_percent(b.balance_centavos / portfolio.balance_centavos, 2)
                                          if portfolio.balance_centavos else "—" for b in portfolio.buckets],
    })


def bucket_contracts_table(contracts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The leases of one bucket, as `ledger.bucket_contracts` lists them."""
    return pd.DataFrame({
        t("home.drill.contract", lang): contracts["contract"],
        t("home.drill.plate", lang): contracts["plate"],
        t("home.drill.start_on", lang): [format_date(d, lang) for d in contracts["start_on"]],
        t("home.drill.dpd", lang): [format_number(int(d)) for d in contracts["days_past_due"]],
        t("home.drill.balance", lang): [format_mxn(int(b)) for b in contracts["balance_centavos"]],
    })
