"""The role walk's second half (see test_role_walk.py): the other roles, on their own server, so
that the suite's two workers can take one half each."""
from __future__ import annotations

import pytest

from lafa_core.users import Role
from tests.browser.test_app_in_browser import screens, server  # noqa: F401 (the fixtures, shared)
from tests.browser.test_role_walk import FIRST_HALF, walk


@pytest.mark.parametrize("role", [role for role in Role if role not in FIRST_HALF], ids=lambda role: role.value)
def test_the_other_roles_open_every_page_of_their_menu(page, server, screens, role):
    walk(page, server, screens, role)
