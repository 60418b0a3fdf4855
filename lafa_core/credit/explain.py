"""Plain-language reasons from an explanation: the applicant's actual value and which way it
pushes the risk ("Ingreso semanal en plataforma de $3,900: aumenta el riesgo")."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from lafa_core.credit.features import FEATURE_KINDS
from lafa_core.i18n import CATALOG, format_mxn, format_number, format_percent, t


@dataclass(frozen=True)
class Reason:
    feature: str
    value: object  # the applicant's value, as the model saw it
    contribution: float  # to the log-odds of default: positive raises the risk

    @property
    def raises_risk(self) -> bool:
        return self.contribution > 0

    def as_dict(self) -> dict:
        return asdict(self)


def top_reasons(features: list[str], values: dict, contributions, limit: int = 5) -> list[Reason]:
    """The features that moved this applicant's risk most, largest effect first."""
    ranked = sorted(range(len(features)), key=lambda i: -abs(float(contributions[i])))
    return [Reason(features[i], _plain(values.get(features[i])), float(contributions[i]))
            for i in ranked[:limit] if abs(float(contributions[i])) > 1e-9]


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def feature_label(feature: str, lang: str) -> str:
    key = f"credit.feature.{feature}"
    return t(key, lang) if key in CATALOG else feature.replace("_", " ")


def format_value(feature: str, value, lang: str) -> str:
    if value is None:
        return t("credit.value.missing", lang)
    kind = FEATURE_KINDS.get(feature)
    if kind == "money":
        return format_mxn(round(float(value) * 100))
    if kind == "flag":
        return t("credit.value.yes" if float(value) else "credit.value.no", lang)
    if kind == "share":
        return format_percent(float(value), 0)
    if kind == "ratio":
        return f"{float(value):.1f}×"
    if kind in ("decimal", "rating"):
        return format_number(float(value), 1 if kind == "decimal" else 2)
    if isinstance(value, (int, float)):
        return format_number(float(value), 0 if float(value).is_integer() else 2)
    return str(value)


def reason_sentence(reason: Reason | dict, lang: str) -> str:
    if isinstance(reason, dict):
        reason = Reason(reason["feature"], reason["value"], reason["contribution"])
    direction = t("credit.reason.raises" if reason.raises_risk else "credit.reason.lowers", lang)
    categorical = FEATURE_KINDS.get(reason.feature) in ("flag", "category")
    template = "credit.reason.category" if categorical else "credit.reason.amount"
    return t(template, lang, feature=feature_label(reason.feature, lang),
             value=format_value(reason.feature, reason.value, lang), direction=direction)
