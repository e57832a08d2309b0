"""A competition's status (状态): draft → open → closed → judging → published."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competitions.conflicts import eligible_judges
from competitions.models import Competition
from lms.models import User

Status = Competition.Status


def _move(
    competition: Competition, *, source: str, target: str, action: str, by: User | None
) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != source:
        raise ValidationError(
            _("The competition is %(status)s; this step needs it %(source)s.")
            % {
                "status": competition.get_status_display(),
                "source": Status(source).label,
            }
        )
    competition.status = target
    competition.save(update_fields=["status"])
    log(instance=competition, action=action, user=by)
    return competition


@transaction.atomic
def open_registration(*, competition: Competition, by: User) -> Competition:
    """Publish a draft competition: it is listed, and people may register within
    its registration window."""
    competition.full_clean()
    return _move(
        competition,
        source=Status.DRAFT,
        target=Status.OPEN,
        action="competitions.open",
        by=by,
    )


@transaction.atomic
def close_registration(*, competition: Competition, by: User | None) -> Competition:
    """Stop registration, whatever the window says."""
    return _move(
        competition,
        source=Status.OPEN,
        target=Status.CLOSED,
        action="competitions.close",
        by=by,
    )


def close_lapsed_registrations(*, now: dt.datetime | None = None) -> int:
    """Close every open competition whose registration window has ended (a
    periodic task); return how many were closed."""
    now = now or timezone.now()
    lapsed = Competition.objects.filter(
        status=Status.OPEN, registration_closes_at__lte=now
    )
    closed = 0
    for competition in lapsed:
        with transaction.atomic():
            close_registration(competition=competition, by=None)
        closed += 1
    return closed


def judging_problems(competition: Competition) -> list[str]:
    """What keeps judging from starting; empty when it can."""
    problems = []
    if competition.scheme_approved_at is None:
        problems.append(_("The marking scheme is not approved."))
    judges = list(competition.judges.prefetch_related("relations__person"))
    if not judges:
        problems.append(_("No judges are assigned."))
    if sum(judge.is_chief for judge in judges) != 1:
        problems.append(_("The panel needs one chief judge."))
    entries = list(competition.entries.registered().prefetch_related("members"))
    if not entries:
        problems.append(_("Nobody has entered."))
    unjudged = [
        str(e.number) for e in entries if judges and not eligible_judges(e, judges)
    ]
    if unjudged:
        problems.append(
            _("Every judge has a conflict with entries %(numbers)s.")
            % {"numbers": ", ".join(unjudged)}
        )
    return problems


@transaction.atomic
def start_judging(*, competition: Competition, by: User) -> Competition:
    """Open marking to the judges, once scheme, panel and entries are ready."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if problems := judging_problems(competition):
        raise ValidationError(problems)
    return _move(
        competition,
        source=Status.CLOSED,
        target=Status.JUDGING,
        action="competitions.start_judging",
        by=by,
    )
