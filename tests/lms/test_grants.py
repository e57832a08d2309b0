"""The role → permission table (lms.grants) is what the role groups hold."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from lms.grants import ROLE_PERMISSIONS, apply_role_grants
from lms.roles import Role

pytestmark = pytest.mark.django_db


def _held(role: Role) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def _snapshot() -> dict[str, set[str]]:
    return {role.value: _held(role) for role in Role}


def test_every_role_has_a_line_in_the_table():
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_after_migrate_each_role_group_holds_exactly_the_tables_permissions():
    table = {role.value: set(codes) for role, codes in ROLE_PERMISSIONS.items()}
    assert _snapshot() == table


def test_applying_the_table_twice_changes_nothing():
    before = _snapshot()

    apply_role_grants()
    apply_role_grants()

    assert _snapshot() == before


def test_a_permission_added_by_hand_to_a_role_is_taken_away_by_the_next_migrate():
    group = Group.objects.get(name=Role.JUDGE)
    group.permissions.add(Permission.objects.get(codename="view_full_id_number"))

    call_command("migrate", verbosity=0)

    assert _held(Role.JUDGE) == set(ROLE_PERMISSIONS[Role.JUDGE])


def test_a_missing_role_group_is_created_with_its_permissions():
    Group.objects.filter(name=Role.INSTRUCTOR).delete()

    apply_role_grants()

    assert _held(Role.INSTRUCTOR) == set(ROLE_PERMISSIONS[Role.INSTRUCTOR])


def test_a_codename_that_does_not_exist_stops_the_step(monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.JUDGE, ("lms.view_nothing",))

    with pytest.raises(LookupError, match="lms.view_nothing"):
        apply_role_grants()
