"""Site pages: the leader's brands and IP and surveys (on a phone), the Atom feed
of outstanding cases for the media, and the cases' video playlists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from inheritors.models import Workshop
from lms.admin_helpers import add_errors
from media import playback
from outreach.forms import IpRecordForm, SurveyAnswerForm
from outreach.models import IpRecord, OutstandingCasePage, Survey, SurveyResponse
from outreach.selectors import prefilled_values
from outreach.services import answer_survey, save_ip_record


def _led_by(request: HttpRequest):
    return Workshop.objects.filter(leader__person__user=request.user).order_by("name")


@login_required
def my_brands(request: HttpRequest) -> HttpResponse:
    """The rights the workshops of the signed-in leader hold."""
    records = (
        IpRecord.objects.of_leader(request.user)
        .select_related("workshop")
        .order_by("workshop__name", "kind", "title")
    )
    return TemplateResponse(
        request,
        "outreach/my_brands.html",
        {
            "records": records,
            "workshops": _led_by(request),
            "today": timezone.localdate(),
        },
    )


@login_required
def edit_brand(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a right of a workshop the user leads, or correct one."""
    workshops = _led_by(request)
    if not workshops.exists():
        raise Http404
    record = (
        get_object_or_404(IpRecord.objects.of_leader(request.user), pk=pk)
        if pk
        else None
    )
    form = IpRecordForm(request.POST or None, instance=record, workshops=workshops)
    if request.method == "POST" and form.is_valid():
        try:
            save_ip_record(record=form.instance, user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(title)s.") % {"title": form.instance})
            return redirect("outreach:my-brands")
    return TemplateResponse(
        request, "outreach/edit_brand.html", {"form": form, "record": record}
    )


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    """The surveys open for the workshops the leader runs, and where each stands."""
    today = timezone.localdate()
    rows = []
    for workshop in _led_by(request).qualified():
        responses = {
            r.survey_id: r for r in SurveyResponse.objects.filter(workshop=workshop)
        }
        for survey in Survey.objects.for_workshop(workshop).open_on(today):
            rows.append(
                {
                    "survey": survey,
                    "workshop": workshop,
                    "response": responses.get(survey.pk),
                }
            )
    return TemplateResponse(request, "outreach/my_surveys.html", {"rows": rows})


@login_required
def answer(request: HttpRequest, survey_id: int, workshop_id: int) -> HttpResponse:
    """Answer a survey for a workshop the user leads (again, once returned)."""
    workshop = get_object_or_404(_led_by(request), pk=workshop_id)
    survey = get_object_or_404(
        Survey.objects.for_workshop(workshop).open_on(timezone.localdate()),
        pk=survey_id,
    )
    questions = list(survey.questions.all())
    response = SurveyResponse.objects.filter(survey=survey, workshop=workshop).first()
    if response is not None:
        initial = {
            a.question_id: (a.number if a.number is not None else a.text)
            for a in response.answers.all()
        }
    else:
        initial = prefilled_values(survey, workshop)
    form = SurveyAnswerForm(
        request.POST or None, questions=questions, initial_values=initial
    )
    locked = response is not None and response.state == SurveyResponse.State.SUBMITTED
    if request.method == "POST" and not locked and form.is_valid():
        try:
            answer_survey(
                survey=survey,
                workshop=workshop,
                user=request.user,
                answers=form.raw_answers(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are submitted."))
            return redirect("outreach:my-surveys")
    return TemplateResponse(
        request,
        "outreach/answer_survey.html",
        {
            "survey": survey,
            "workshop": workshop,
            "form": form,
            "response": response,
            "locked": locked,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


class CaseFeed(Feed):
    """The published outstanding cases as an Atom feed, for the media."""

    feed_type = Atom1Feed
    title = gettext_lazy("Outstanding ICH workshops and leaders")
    subtitle = gettext_lazy("Cases published by the culture departments")

    def link(self):
        index = OutstandingCasePage.objects.live().first()
        return index.get_parent().url if index else "/"

    def items(self):
        return OutstandingCasePage.published()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.region.name


@never_cache
def case_video(request: HttpRequest, page_id: int) -> HttpResponse:
    """The HLS master playlist of a published case's video, through links that
    expire."""
    page = get_object_or_404(
        OutstandingCasePage.objects.live().public().select_related("video"),
        pk=page_id,
    )
    if page.video is None or not page.video.is_ready:
        raise Http404
    return HttpResponse(
        playback.master_playlist(page.video, request=request),
        content_type="application/vnd.apple.mpegurl",
    )
