"""Who acts: the identity a unit of work carries, compared the way people read names."""
from __future__ import annotations

from dataclasses import dataclass


def same_identity(a: str | None, b: str | None) -> bool:
    """Names compare without case or surrounding spaces ("Ana " is "ana")."""
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service runs. `user_id` is set for signed-in users."""

    name: str
    role: str | None = None
    user_id: int | None = None

    def is_(self, other_name: str | None, other_id: int | None = None) -> bool:
        if self.user_id is not None and other_id is not None:
            return self.user_id == other_id
        return same_identity(self.name, other_name)


def acting(actor: Actor | None, action=None) -> Actor:
    """The actor a change of data needs: refused when nobody is named, or when `action` (a
    lafa_core.users.Action) is given and their role does not allow it."""
    from lafa_core import bounds

    if actor is None:
        raise bounds.InvalidInput("actor", "a change of data needs the acting user", key="input.actor_required")
    checked = Actor(bounds.name(actor.name, "actor"), actor.role, actor.user_id)
    if action is not None:
        from lafa_core.users.roles import require

        require(checked, action)
    return checked
