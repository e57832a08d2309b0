"""The organiser's page for one competition: where it stands, and the next step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from competitions import services
from competitions.models import Competition, Entry

Status = Competition.Status

# (action, label, the status it needs, the service it runs)
STEPS = [
    ("approve_scheme", _("Approve the marking scheme"), None, "approve_marking_scheme"),
    ("reopen_scheme", _("Reopen the marking scheme"), None, "withdraw_scheme_approval"),
    ("open", _("Open registration"), Status.DRAFT, "open_registration"),
    ("close", _("Close registration"), Status.OPEN, "close_registration"),
    ("start", _("Start judging"), Status.CLOSED, "start_judging"),
    ("compute", _("Compute results"), Status.JUDGING, "compute_results"),
    ("publish", _("Publish results"), Status.JUDGING, "publish_results"),
]


class ManageCompetitionView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    model = Competition
    permission_required = "change"
    template_name = "competitions/admin/manage.html"
    page_title = _("Manage")
    header_icon = "tasks"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Competition.objects.in_scope(request.user), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        index = {
            "url": reverse("contests:index"),
            "label": capfirst(Competition._meta.verbose_name_plural),
        }
        here = {
            "url": "",
            "label": self.get_page_title(),
            "sublabel": self.get_page_subtitle(),
        }
        return [*self.breadcrumbs_items, index, here]

    def available_steps(self):
        competition = self.object
        before_judging = competition.status in (
            Status.DRAFT,
            Status.OPEN,
            Status.CLOSED,
        )
        steps = []
        for action, label, status, _service in STEPS:
            if action == "approve_scheme":
                shown = before_judging and not competition.scheme_approved_at
            elif action == "reopen_scheme":
                shown = before_judging and bool(competition.scheme_approved_at)
            else:
                shown = competition.status == status
                if action in ("compute", "publish"):
                    shown = shown and competition.marking_locked
            if shown:
                steps.append((action, label))
        return steps

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competition = self.object
        context.update(
            competition=competition,
            steps=self.available_steps(),
            scheme_problems=services.scheme_problems(competition),
            judging_problems=services.judging_problems(competition)
            if competition.status == Status.CLOSED
            else [],
            entries=competition.entries.registered().count(),
            judges=competition.judges.select_related("person", "institution"),
        )
        if competition.status == Status.JUDGING and not competition.marking_locked:
            context["missing"] = len(services.missing_marks(competition))
            context["flags"] = len(services.spread_flags(competition))
        if competition.marking_locked:
            context["results"] = (
                competition.entries.filter(result__isnull=False)
                .select_related("result", "institution")
                .prefetch_related("members__person", "awards")
                .order_by("result__rank", "number")
            )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        services_by_action = {action: name for action, _l, _s, name in STEPS}
        allowed = {action for action, _label in self.available_steps()}
        if action not in allowed:
            messages.error(request, _("That step is not available now."))
        else:
            service = getattr(services, services_by_action[action])
            try:
                service(competition=self.object, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Done."))
        return redirect("contests:manage", pk=self.object.pk)


class WithdrawEntryView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Withdraw an entry that will not compete (a no-show), through the service."""

    model = Entry
    permission_required = "change"
    template_name = "competitions/admin/withdraw.html"
    page_title = _("Withdraw")
    header_icon = "form"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Entry.objects.in_scope(request.user), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "entry": self.object}

    def post(self, request, *args, **kwargs):
        try:
            services.withdraw_entry(entry=self.object, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The entry is withdrawn."))
        return redirect("competition-entries:index")
