"""The marking scheme and the judges' panel, set up before judging starts."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competitions.models import Competition, EntryMember, JudgeAssignment
from lms.identity import digest, normalise_id_number
from lms.models import Institution, Person, User
from lms.services import link_person_account, register_person

SCHEME_TOTAL = Decimal(100)
BEFORE_JUDGING = (
    Competition.Status.DRAFT,
    Competition.Status.OPEN,
    Competition.Status.CLOSED,
)


def scheme_problems(competition: Competition) -> list[str]:
    """What keeps a marking scheme from being used; empty if it is sound."""
    problems = []
    criteria = list(competition.criteria.prefetch_related("aspects"))
    if not criteria:
        return [_("The marking scheme has no criteria.")]
    total = Decimal(0)
    for criterion in criteria:
        aspects = list(criterion.aspects.all())
        if not aspects:
            problems.append(
                _("Criterion %(code)s has no aspects.") % {"code": criterion.code}
            )
        for aspect in aspects:
            total += aspect.max_mark
            if aspect.is_judgement and not aspect.guidance.strip():
                problems.append(
                    _(
                        "Judgement aspect “%(aspect)s” needs guidance on what 0, 1, 2 "
                        "and 3 mean."
                    )
                    % {"aspect": aspect.description}
                )
    if total != SCHEME_TOTAL:
        problems.append(
            _("The maximum marks add up to %(total)s; they must add up to 100.")
            % {"total": f"{total:.2f}"}
        )
    return problems


@transaction.atomic
def approve_marking_scheme(*, competition: Competition, by: User) -> Competition:
    """Approve the marking scheme: checked, then fixed until approval is withdrawn."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status not in BEFORE_JUDGING:
        raise ValidationError(_("Judging has started: the scheme cannot change."))
    if problems := scheme_problems(competition):
        raise ValidationError(problems)
    competition.scheme_approved_at = timezone.now()
    competition.save(update_fields=["scheme_approved_at"])
    log(instance=competition, action="competitions.approve_scheme", user=by)
    return competition


@transaction.atomic
def withdraw_scheme_approval(*, competition: Competition, by: User) -> Competition:
    """Make an approved scheme editable again, as long as judging has not started."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status not in BEFORE_JUDGING:
        raise ValidationError(_("Judging has started: the scheme cannot change."))
    competition.scheme_approved_at = None
    competition.save(update_fields=["scheme_approved_at"])
    log(instance=competition, action="competitions.withdraw_scheme", user=by)
    return competition


@transaction.atomic
def assign_judge(
    *,
    competition: Competition,
    real_name: str,
    id_number: str,
    account: User,
    by: User,
    institution: Institution | None = None,
    is_chief: bool = False,
) -> JudgeAssignment:
    """Put a person on the judges' panel; they log in with ``account``. A
    competitor cannot judge, and marking must not be locked yet."""
    if competition.marking_locked:
        raise ValidationError(_("Marking is locked: the panel cannot change."))
    linked = Person.objects.filter(user=account).first()
    if linked and linked.id_number_digest != digest(normalise_id_number(id_number)):
        raise ValidationError(_("This account belongs to another person."))
    person = register_person(real_name=real_name, id_number=id_number)
    if person.user_id is not None and person.user_id != account.pk:
        raise ValidationError(_("This person logs in with another account."))
    if EntryMember.objects.filter(competition=competition, person=person).exists():
        raise ValidationError(_("This person competes here and cannot judge."))
    if competition.judges.filter(person=person).exists():
        raise ValidationError(_("This person already judges this competition."))
    if is_chief and competition.judges.filter(is_chief=True).exists():
        raise ValidationError(_("The competition already has a chief judge."))
    if person.user_id is None:
        # Staff name the judge and the account together: an audited link.
        person = link_person_account(person=person, account=account, by=by)
    try:
        with transaction.atomic():
            judge = JudgeAssignment.objects.create(
                competition=competition,
                person=person,
                institution=institution,
                is_chief=is_chief,
            )
    except IntegrityError:  # a concurrent assignment won the race
        raise ValidationError(
            _("This judge or chief judge is already assigned.")
        ) from None
    log(instance=judge, action="wagtail.create", user=by)
    return judge
