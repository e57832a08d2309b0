"""The competitions site: what is on, registering an entry, one's own entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions.forms import PhotosForm, RegistrationForm
from competitions.models import Competition, Entry, JudgeAssignment
from competitions.services import (
    Competitor,
    add_entry_photo,
    register_entry,
    withdraw_entry,
)
from competitions.services.registration import window_problem
from lms.models import Person, User
from lms.services import (
    register_own_person,
    register_person,
    self_registration_refused,
)

Status = Competition.Status


def person_of(user: User) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


def competition_list(request: HttpRequest) -> HttpResponse:
    """Competitions open for registration, coming up, and with published results."""
    visible = Competition.objects.visible_to_public().select_related("region")
    return TemplateResponse(
        request,
        "competitions/competition_list.html",
        {
            "open": visible.filter(status=Status.OPEN),
            "coming": visible.filter(status__in=[Status.CLOSED, Status.JUDGING]),
            "published": visible.filter(status=Status.PUBLISHED)[:20],
            "is_judge": request.user.is_authenticated
            and JudgeAssignment.objects.filter(person__user=request.user).exists(),
        },
    )


def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_object_or_404(
        Competition.objects.visible_to_public().select_related(
            "region", "eligible_region"
        ),
        pk=pk,
    )
    return TemplateResponse(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "closed_because": window_problem(competition, timezone.now()),
            "criteria": competition.criteria.prefetch_related("aspects")
            if competition.scheme_approved_at
            else [],
        },
    )


def _competitors(form: RegistrationForm, user: User, me: Person | None) -> list:
    """The entry's competitors. A new account names itself and becomes a new
    person; a number already on record is refused with the one answer that says
    nothing about it (``self_registration_refused``), never linked to the caller."""
    data = form.cleaned_data
    region = data.get("household_region")
    if me is None:
        me = register_own_person(
            user=user,
            real_name=data["real_name"],
            id_number=data["id_number"],
            household_region=region,
        )
    elif region and not me.household_region_id:
        me = register_person(
            real_name=me.real_name, id_number=me.id_number, household_region=region
        )
    competitors = [Competitor(me, data.get("skill_level", ""))]
    for mate in form.teammates():
        level = mate.pop("skill_level")
        try:
            teammate = register_person(**mate)
        except ValidationError as error:
            if getattr(error, "code", None) == "name_mismatch":
                raise self_registration_refused() from error
            raise
        competitors.append(Competitor(teammate, level))
    return competitors


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a competition: every refusal comes back with its reason, and the
    form keeps what was typed."""
    competition = get_object_or_404(Competition.objects.visible_to_public(), pk=pk)
    me = person_of(request.user)
    closed_because = window_problem(competition, timezone.now())
    form = RegistrationForm(
        request.POST or None,
        request.FILES or None,
        competition=competition,
        person=me,
    )
    if request.method == "POST" and not closed_because and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                entry = register_entry(
                    competition=competition,
                    competitors=_competitors(form, request.user, me),
                    institution=data["institution"],
                    workshop_name=data["workshop_name"],
                    team_name=data.get("team_name", ""),
                    description=data["description"],
                    by=request.user,
                )
                for photo in data["photos"]:
                    add_entry_photo(entry=entry, file=photo, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You are registered: entry number %(number)03d.")
                % {"number": entry.number},
            )
            return redirect("competitions:entry", pk=entry.pk)
    return TemplateResponse(
        request,
        "competitions/register.html",
        {"competition": competition, "form": form, "closed_because": closed_because},
    )


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    """The competitor's record: their entries, results and awards."""
    me = person_of(request.user)
    entries = (
        Entry.objects.of_person(me)
        .select_related("competition", "result")
        .prefetch_related("members__person", "awards", "promotions")
        .order_by("-registered_at")
        if me
        else Entry.objects.none()
    )
    return TemplateResponse(
        request, "competitions/my_entries.html", {"entries": entries, "person": me}
    )


def _own_entry(request: HttpRequest, pk: int) -> Entry:
    me = person_of(request.user)
    if me is None:
        raise Http404
    return get_object_or_404(
        Entry.objects.of_person(me).select_related("competition"), pk=pk
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the competitor's entries: its photos, more photos while registration
    allows, and withdrawal before marking is locked."""
    entry = _own_entry(request, pk)
    form = PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for photo in form.cleaned_data["photos"]:
                    add_entry_photo(entry=entry, file=photo, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The photos were added."))
            return redirect("competitions:entry", pk=entry.pk)
    competition = entry.competition
    return TemplateResponse(
        request,
        "competitions/entry_detail.html",
        {
            "entry": entry,
            "form": form,
            "can_add_photos": entry.status == Entry.Status.REGISTERED
            and competition.status in (Status.OPEN, Status.CLOSED),
            "can_withdraw": entry.status == Entry.Status.REGISTERED
            and not competition.marking_locked,
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        withdraw_entry(entry=entry, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your entry is withdrawn."))
    return redirect("competitions:entry", pk=entry.pk)
