"""The role walk's second half (see test_role_walk.py): the other roles, so that the suite's two
workers share the walk."""
from __future__ import annotations

import pytest

from lafa_core.users import Role
from tests.browser.test_role_walk import FIRST_HALF, refused_then_signed_out, walk

OTHER_HALF = [Role.FINANCE, Role.HR_PAYROLL, Role.EXECUTIVE, Role.COLLECTIONS_SUPERVISOR, Role.CREDIT_ANALYST]
assert set(FIRST_HALF) | set(OTHER_HALF) == set(Role) and not set(FIRST_HALF) & set(OTHER_HALF)


@pytest.mark.parametrize("role", OTHER_HALF, ids=lambda role: role.value)
def test_the_other_roles_open_every_page_of_their_menu_and_are_refused_the_others(page, server, screens, role):
    walk(page, server, screens, role)
    refused_then_signed_out(page, server, role)
