"""The configurable limits of collections work, in one object, validated against the law."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from lafa_core.reference import load_reference

# Mexico's collection rules (CONDUSEF) allow contact between 07:00 and 22:00 local time;
# the company's own window must sit inside it.
LEGAL_CONTACT_START = time(7)
LEGAL_CONTACT_END = time(22)


class InvalidCollectionsConfig(ValueError):
    """A limit outside what the law or common sense allows; the message names the field."""


def _strategy_hours() -> tuple[time, time]:
    start, end = load_reference("business")["collections"]["contact_rules"]["allowed_hours_local"]
    return time(int(start)), time(int(end))


@dataclass(frozen=True)
class CollectionsConfig:
    contact_start: time = _strategy_hours()[0]  # 08:00: stricter than the legal 07:00
    contact_end: time = _strategy_hours()[1]  # 21:00, exclusive: 20:59 is allowed, 21:00 is not
    max_contacts_per_day: int = 2  # per account, any channel
    max_contacts_per_week: int = 5  # per account, Monday to Sunday
    claim_minutes: int = 20  # a claim lapses if the agent walks away
    promise_grace_days: int = 0  # days after the promised date before a promise counts as broken
    history_weeks: int = 12  # payment history the roll predictor looks at
    training_weeks: int = 16  # weekly snapshots the roll predictor learns from
    broken_promise_weight: float = 0.25  # each recent broken promise adds 25 % to the priority
    broken_promise_lookback_days: int = 90
    max_lease_months: int = 60  # a restructured lease still ends within this many months of its start
    max_grace_weeks: int = 8  # the longest payment holiday a restructuring may grant

    def __post_init__(self) -> None:
        if not (LEGAL_CONTACT_START <= self.contact_start < self.contact_end <= LEGAL_CONTACT_END):
            raise InvalidCollectionsConfig(
                f"contact hours {self.contact_start:%H:%M}-{self.contact_end:%H:%M} must lie within "
                f"{LEGAL_CONTACT_START:%H:%M}-{LEGAL_CONTACT_END:%H:%M} and start before they end"
            )
        for name in ("max_contacts_per_day", "max_contacts_per_week", "claim_minutes", "history_weeks",
                     "training_weeks", "max_lease_months", "max_grace_weeks"):
            if getattr(self, name) < 1:
                raise InvalidCollectionsConfig(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_contacts_per_day > self.max_contacts_per_week:
            raise InvalidCollectionsConfig("max_contacts_per_day cannot exceed max_contacts_per_week")
        if self.promise_grace_days < 0 or self.broken_promise_weight < 0:
            raise InvalidCollectionsConfig("promise_grace_days and broken_promise_weight cannot be negative")


DEFAULT_CONFIG = CollectionsConfig()
