"""Outstanding cases (优秀案例, 221号 §8): a story about a workshop or a leader,
nominated by a county culture officer and approved by the level above through
a Wagtail workflow before it is published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    PagePermissionTester,
    TaskState,
    Workflow,
)

from inheritors.models.pages import STORY_BLOCKS
from lms import policy
from lms.admin_helpers import limit_region_choices
from lms.page_forms import PageForm
from media import playback

CASE_WORKFLOW = "Outstanding case approval"


class CasePageForm(PageForm):
    """Region, workshop and leader choices in the editor's scope."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            limit_region_choices(self, self.for_user)
        for name in ("workshop", "leader"):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.in_scope(self.for_user)


class CasePermissionTester(PagePermissionTester):
    """A case is published (by approving it) or unpublished only by the level
    above its region, whatever the page permissions of the nominating county."""

    def _level_above(self) -> bool:
        return policy.decides_for_region_below(self.user, self.page.region)

    def can_publish(self):
        return super().can_publish() and self._level_above()

    def can_unpublish(self):
        return super().can_unpublish() and self._level_above()


class OutstandingCaseIndexPage(Page):
    """The public list of outstanding cases, newest first, with an Atom feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["outreach.OutstandingCasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("outstanding case index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cases"] = OutstandingCasePage.objects.published()[:50]
        return context


class OutstandingCasePage(Page):
    """An outstanding case (优秀案例): a workshop or leader, its story in text,
    photos and a short video, and the region whose officer nominated it."""

    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The county whose culture department nominates the case."),
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    leader = models.ForeignKey(
        "inheritors.WorkshopLeader",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    summary = models.CharField(_("summary"), max_length=200)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = StreamField(STORY_BLOCKS, verbose_name=_("story"))
    video = models.ForeignKey(
        "media.VideoAsset",
        verbose_name=_("short video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown once it has been processed; played through signed links."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("workshop"), FieldPanel("leader")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("story"),
        FieldPanel("video"),
    ]
    base_form_class = CasePageForm
    parent_page_types = ["outreach.OutstandingCaseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("outstanding case")
        verbose_name_plural = _("outstanding cases")
        permissions = [
            ("nominate_case", _("Can nominate an outstanding case (county)")),
            ("approve_case", _("Can approve the cases of the level below")),
        ]

    @classmethod
    def published(cls):
        return (
            cls.objects.live()
            .public()
            .select_related("cover_image", "workshop", "leader__person")
            .order_by("-first_published_at")
        )

    def clean(self) -> None:
        super().clean()
        if (self.workshop_id is None) == (self.leader_id is None):
            raise ValidationError(_("A case is about one workshop or one leader."))

    def permissions_for_user(self, user):
        return CasePermissionTester(user, self)

    def get_workflow(self):
        """Cases go through their own workflow, wherever they sit in the tree."""
        return (
            Workflow.objects.filter(name=CASE_WORKFLOW, active=True).first()
            or super().get_workflow()
        )

    @property
    def subject_name(self) -> str:
        return self.workshop.name if self.workshop_id else self.leader.public_name

    def serve(self, request, *args, **kwargs):
        if self.workshop_id and not self.workshop.is_qualified:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.video is not None and self.video.is_ready:
            context["poster_url"] = playback.poster_url(self.video, request=request)
        return context


class LevelAboveApprovalTask(AbstractGroupApprovalTask):
    """A group approval step that only the members of its groups working in the
    region directly above the case's region may decide (a prefecture officer for
    a county's case); the nominating county cannot approve its own."""

    def _decides(self, obj, user) -> bool:
        region = getattr(obj, "region", None)
        return self._user_in_groups(user) and policy.decides_for_region_below(
            user, region
        )

    def user_can_access_editor(self, obj, user):
        return user.is_superuser or self._decides(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self._decides(obj, user))

    def get_actions(self, obj, user):
        if user.is_superuser or self._decides(obj, user):
            return super().get_actions(obj, user)
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        if not self._user_in_groups(user):
            return TaskState.objects.none()
        pages = OutstandingCasePage.objects.filter(
            region__parent_id=policy.department_region_code(user)
        ).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in pages])

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups working in the region directly above the "
            "case's region can approve it"
        )

    class Meta:
        verbose_name = _("approval by the level above")
        verbose_name_plural = _("approvals by the level above")
