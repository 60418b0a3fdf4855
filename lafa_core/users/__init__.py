"""Users, sign-in, roles and permissions (issue 9). Roles → pages, actions and personal data in
`roles`; password and session rules in `rules`; accounts and sessions in `service`."""
from lafa_core.users.roles import (
    Action, Page, PermissionDenied, PersonalData, Role, can, can_open, require, role_of, sees,
)
from lafa_core.users.service import (
    DEMO_PASSWORDS, SessionEnded, SignedIn, SignInRefused, WeakPassword, actor_for_cli,
    create_admin_from_cli, create_demo_accounts, create_user, list_users, provider_sign_in, reset_password, resume,
    set_active, sign_in, sign_out, unlock_user,
)

__all__ = [
    "Action", "DEMO_PASSWORDS", "Page", "PermissionDenied", "PersonalData", "Role", "SessionEnded", "SignInRefused",
    "SignedIn", "WeakPassword", "actor_for_cli", "can", "can_open", "create_admin_from_cli", "create_demo_accounts",
    "create_user", "list_users", "provider_sign_in", "require", "resume", "role_of", "sees", "sign_in",
    "sign_out", "reset_password", "set_active", "unlock_user",
]
