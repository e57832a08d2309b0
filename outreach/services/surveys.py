"""Writes of the surveys: a leader's answers, their return for correction, and
the reminders before the due date."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import Workshop
from lms import policy
from lms.validators import strip_control_characters
from outreach.models import Survey, SurveyAnswer, SurveyResponse
from outreach.models.surveys import SURVEY_REMINDER_DAYS
from outreach.rules import clean_answers
from outreach.selectors import workshops_asked

logger = logging.getLogger(__name__)


@transaction.atomic
def answer_survey(
    *,
    survey: Survey,
    workshop: Workshop,
    user,
    answers: Mapping[str, str],
    today: dt.date | None = None,
) -> SurveyResponse:
    """Record the workshop's answers (first time, or again after a return). Every
    answer is checked first; one refused answer saves nothing (ValidationError
    by field). Only the workshop's leader answers, while the survey is open."""
    today = today or timezone.localdate()
    if workshop.leader.person.user_id != user.pk:
        raise PermissionDenied
    if not workshops_asked(survey).filter(pk=workshop.pk).exists():
        raise ValidationError(_("This survey is not for this workshop."))
    if not survey.opens_on <= today <= survey.due_on:
        raise ValidationError(_("This survey is not open for answers today."))
    response = (
        SurveyResponse.objects.select_for_update()
        .filter(survey=survey, workshop=workshop)
        .first()
    )
    if response is not None and response.state == SurveyResponse.State.SUBMITTED:
        raise ValidationError(
            _(
                "These answers were already submitted; they can be changed once "
                "returned."
            )
        )
    values = clean_answers(survey.questions.all(), answers)
    now = timezone.now()
    if response is None:
        response = SurveyResponse(survey=survey, workshop=workshop, times_submitted=1)
    else:
        response.times_submitted += 1
        response.answers.all().delete()
    response.state = SurveyResponse.State.SUBMITTED
    response.submitted_at = now
    response.submitted_by = user
    response.save()
    SurveyAnswer.objects.bulk_create(
        [
            SurveyAnswer(
                response=response,
                question_id=qid,
                number=value if not isinstance(value, str) else None,
                text=value if isinstance(value, str) else "",
            )
            for qid, value in values.items()
            if value is not None
        ]
    )
    log(response, "outreach.survey.answer", user=user)
    return response


@transaction.atomic
def return_survey_response(
    *, response: SurveyResponse, user, reason: str
) -> SurveyResponse:
    """Send a workshop's answers back for correction with the reason; the leader
    answers again. Only an officer who may change it, in scope."""
    if not policy.can_change(user, response):
        raise PermissionDenied
    reason = strip_control_characters(reason or "", keep_lines=True).strip()
    if not reason:
        raise ValidationError({"reason": _("Say what should be corrected.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.state != SurveyResponse.State.SUBMITTED:
        raise ValidationError(_("Only submitted answers can be returned."))
    response.state = SurveyResponse.State.RETURNED
    response.return_reason = reason
    response.returned_at = timezone.now()
    response.save(update_fields=["state", "return_reason", "returned_at"])
    log(response, "outreach.survey.return", user=user, data={"reason": reason})
    account = response.workshop.leader.person.user
    if account is not None and account.email:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Survey answers returned: %(survey)s") % {
                "survey": response.survey.title
            }
            body = _(
                "Your answers to “%(survey)s” for %(workshop)s were returned for "
                "correction: %(reason)s\nPlease answer again by %(day)s."
            ) % {
                "survey": response.survey.title,
                "workshop": response.workshop.name,
                "reason": reason,
                "day": response.survey.due_on.isoformat(),
            }
        email = account.email
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return response


@transaction.atomic
def send_survey_reminders(*, today: dt.date) -> int:
    """Once per survey, ``SURVEY_REMINDER_DAYS`` days before it is due, mail the
    leaders of the workshops that have not submitted; return how many mails."""
    surveys = Survey.objects.select_for_update().filter(
        reminded_on__isnull=True,
        opens_on__lte=today,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=SURVEY_REMINDER_DAYS),
    )
    mails = 0
    for survey in surveys:
        done = SurveyResponse.objects.submitted().filter(survey=survey)
        pending = (
            workshops_asked(survey)
            .exclude(pk__in=done.values("workshop_id"))
            .select_related("leader__person__user")
        )
        for workshop in pending:
            account = workshop.leader.person.user
            if account is None or not account.email:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Survey due on %(day)s: %(survey)s") % {
                    "day": survey.due_on.isoformat(),
                    "survey": survey.title,
                }
                body = _(
                    "The survey “%(survey)s” for %(workshop)s is due on %(day)s. "
                    "Answer it on Jiangxin under My surveys."
                ) % {
                    "survey": survey.title,
                    "workshop": workshop.name,
                    "day": survey.due_on.isoformat(),
                }
            email = account.email
            transaction.on_commit(
                lambda s=subject, b=body, e=email: send_mail(s, b, None, [e])
            )
            mails += 1
        survey.reminded_on = today
        survey.save(update_fields=["reminded_on"])
    logger.info("survey reminders: %s mails", mails)
    return mails
