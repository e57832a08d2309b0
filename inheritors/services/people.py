"""Roles of a person kept by this app: registering the person behind a workshop
leader, and giving their account the leader's role."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import WorkshopLeader
from lms.models import Person, Region, User
from lms.roles import Role
from lms.services import link_person_account, register_person


@transaction.atomic
def register_workshop_leader(
    *,
    real_name: str,
    id_number: str,
    region: Region,
    mobile: str = "",
    account: User | None = None,
    biography: str = "",
    honours: str = "",
    by: User | None = None,
) -> WorkshopLeader:
    """A workshop leader (带头人): the person, found or registered by ID number, and
    their leader profile. An account named by the staff member ``by`` is linked to
    the person and gets the Workshop leader role; both are audit-logged as ``by``
    (none for the system)."""
    person = register_person(
        real_name=real_name,
        id_number=id_number,
        mobile=mobile,
        household_region=region,
        registered_by=by,
    )
    if WorkshopLeader.objects.filter(person=person).exists():
        raise ValidationError(
            _("%(name)s is already registered as a workshop leader.")
            % {"name": person.real_name},
            code="duplicate",
        )
    leader = WorkshopLeader.objects.create(
        person=person, region=region, biography=biography, honours=honours
    )
    log(instance=leader, action="wagtail.create", user=by)
    if account is not None:
        link_account(person=person, account=account, by=by)
    return leader


@transaction.atomic
def link_account(*, person: Person, account: User, by: User | None) -> None:
    """Link a leader's person to a site account, which may then confirm their
    workshop each year: an audited staff action (``by``); an account belongs to
    one person only."""
    link_person_account(person=person, account=account, by=by)
    account.groups.add(Group.objects.get(name=Role.WORKSHOP_LEADER))
    log(
        instance=person,
        action="inheritors.leader.link_account",
        user=by,
        data={"account": account.pk},
    )
