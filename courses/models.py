from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from courses.access import course_access, resume_lesson, still_needed
from courses.forms import CoursePageForm
from lms.ich import IchCategory
from lms.models import Region
from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet
from lms.skills import COURSE_LEVELS, CertificateKind
from media import playback


class CourseIndexPage(Page):
    """An institution's course list (课程目录): the root of the subtree its staff edit.

    Created when the institution is registered (``courses.services``), never by hand.
    """

    institution = models.OneToOneField(
        "lms.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="course_index",
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    is_creatable = False

    class Meta:
        verbose_name = _("institution course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("path")
        )
        return context


# The rates the player offers; a course allows the ones up to its fastest.
PLAYBACK_RATES = [(1.0, "1×"), (1.25, "1.25×"), (1.5, "1.5×"), (2.0, "2×")]


class TrainingMode(models.TextChoices):
    """The five training modes of the 2021 notice (培训方式)."""

    CENTRALIZED = "centralized", _("Centralized (集中培训)")
    ONSITE = "onsite", _("On-site (现场培训)")
    PRACTICAL = "practical", _("Practical (实训)")
    ORDER_BASED = "order_based", _("Order-based (订单式培训)")
    DISTANCE = "distance", _("Distance (远程培训)")


SCHEDULED_MODES = {
    TrainingMode.CENTRALIZED,
    TrainingMode.ONSITE,
    TrainingMode.PRACTICAL,
}


class EnrolmentPolicy(models.TextChoices):
    OPEN = "open", _("Open: trainees enrol themselves")
    APPROVAL = "approval", _("By approval: trainees ask, the instructor decides")
    COHORT = "cohort", _("Closed cohort: the institution adds trainees")


class CourseQuerySet(ScopedQuerySet, PageQuerySet):
    region_lookup = "region__code"
    institution_lookup = "institution_id"

    def for_listing(self):
        """What a course card shows, in a fixed number of queries."""
        return self.select_related(
            "region", "institution", "cover_image"
        ).prefetch_related("cover_image__renditions")


CourseManager = PageManager.from_queryset(CourseQuerySet)


class CourseSessionQuerySet(ScopedQuerySet):
    """Sessions are scoped through their course's region and institution."""

    region_lookup = "course__region__code"
    institution_lookup = "course__institution_id"


class LessonQuerySet(PageQuerySet):
    """Lessons are scoped through their course: the parent page in the tree."""

    def in_scope(self, user) -> PageQuerySet:
        parent = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        courses = CoursePage.objects.in_scope(user).filter(path=parent)
        return self.filter(Exists(courses))


LessonManager = PageManager.from_queryset(LessonQuerySet)


class CoursePage(TracksUpdates, Page):
    """A course (课程): what is taught, how, to whom, and the evidence it produces."""

    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"))),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        verbose_name=_("description"),
        blank=True,
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mode = models.CharField(
        _("training mode"), max_length=16, choices=TrainingMode.choices
    )
    ich_category = models.CharField(
        _("ICH category"), max_length=4, choices=IchCategory.choices, blank=True
    )
    craft = models.CharField(
        _("craft"), max_length=100, blank=True, help_text=_("e.g. 蜀绣, 竹编, 蜡染")
    )
    occupation = models.CharField(
        _("occupation"),
        max_length=100,
        blank=True,
        help_text=_("Occupation (工种) as named in the national classification."),
    )
    skill_level = models.PositiveSmallIntegerField(
        _("target skill level"), choices=COURSE_LEVELS, null=True, blank=True
    )
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=6, decimal_places=1, default=0
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="courses",
        editable=False,
    )
    enrolment_policy = models.CharField(
        _("enrolment"),
        max_length=12,
        choices=EnrolmentPolicy.choices,
        default=EnrolmentPolicy.OPEN,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places; leave empty for no limit. Beyond it, a waiting list."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    completion_share = models.PositiveSmallIntegerField(
        _("completion share (%)"),
        default=90,
        help_text=_("Share of a video that must be verifiably watched to complete it."),
    )
    attendance_share = models.PositiveSmallIntegerField(
        _("attendance share (%)"),
        default=80,
        help_text=_(
            "Share of the scheduled session time a trainee must attend to complete "
            "a centralized, on-site, practical or order-based course."
        ),
    )
    awards = models.CharField(
        _("certificate awarded"),
        max_length=16,
        choices=CertificateKind.choices,
        blank=True,
        help_text=_(
            "Issued automatically when the completion rule is met; the level is the "
            "target skill level."
        ),
    )
    max_playback_rate = models.FloatField(
        _("fastest playback rate"),
        choices=PLAYBACK_RATES,
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for the default: 1× for a course that awards a certificate "
            "(the courses a training subsidy pays for), otherwise the site's maximum."
        ),
    )
    attention_checks = models.BooleanField(
        _("attention checks"),
        default=False,
        help_text=_(
            "At random moments the player pauses and asks the trainee to tap within "
            "a short time (防挂机); a missed check stops crediting until answered."
        ),
    )
    identity_checks = models.BooleanField(
        _("identity checks"),
        default=False,
        help_text=_(
            "At each attention check, also take a photo with the camera, checked by "
            "the configured verifier or by hand."
        ),
    )
    for_workshop_leaders = models.BooleanField(
        _("for workshop leaders"),
        default=False,
        help_text=_("A special class for ICH workshop leaders (工坊带头人专题培训)."),
    )

    objects = CourseManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("craft"),
        index.SearchField("occupation"),
        index.FilterField("mode"),
        index.FilterField("ich_category"),
        index.FilterField("skill_level"),
        index.FilterField("region"),
        index.FilterField("institution"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("mode"), FieldPanel("enrolment_policy")]),
                FieldRowPanel([FieldPanel("ich_category"), FieldPanel("craft")]),
                FieldRowPanel([FieldPanel("occupation"), FieldPanel("skill_level")]),
                FieldRowPanel([FieldPanel("planned_hours"), FieldPanel("capacity")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("region"),
                FieldRowPanel(
                    [FieldPanel("completion_share"), FieldPanel("attendance_share")]
                ),
                FieldPanel("awards"),
                FieldRowPanel(
                    [
                        FieldPanel("max_playback_rate"),
                        FieldPanel("attention_checks"),
                        FieldPanel("identity_checks"),
                    ]
                ),
                FieldPanel("for_workshop_leaders"),
            ],
            heading=_("Training"),
        ),
        InlinePanel("sessions", heading=_("Scheduled sessions"), label=_("Session")),
    ]

    base_form_class = CoursePageForm
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completion_share__gte=1)
                & models.Q(completion_share__lte=100),
                name="course_completion_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_share__gte=1)
                & models.Q(attendance_share__lte=100),
                name="course_attendance_share_is_a_percentage",
            ),
        ]

    def clean(self):
        super().clean()
        parent = self.get_parent()
        if parent is not None:
            # The course belongs to the institution whose subtree holds it.
            self.institution_id = parent.specific.institution_id
        if (
            self.institution_id
            and self.region_id
            and not Region.objects.within(self.institution.region_id)
            .filter(pk=self.region_id)
            .exists()
        ):
            raise ValidationError(
                {
                    "region": _(
                        "A course is held within its institution's region: "
                        "%(region)s or a division below it."
                    )
                    % {"region": self.institution.region}
                }
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The course cannot end before it starts.")}
            )

    @property
    def is_scheduled(self) -> bool:
        return self.mode in SCHEDULED_MODES

    @property
    def fastest_rate(self) -> float:
        """The fastest playback rate the player offers and the server credits: the
        course's setting, else 1× when it awards a certificate (a subsidy policy pays
        per certificate kind and level), else the site's ``WATCH_MAX_CREDITED_RATE``."""
        if self.max_playback_rate:
            return float(self.max_playback_rate)
        if self.awards:
            return 1.0
        return float(settings.WATCH_MAX_CREDITED_RATE)

    def playback_rates(self) -> list[tuple[float, str]]:
        """The rates the player offers: those up to ``fastest_rate``."""
        return [
            (rate, label) for rate, label in PLAYBACK_RATES if rate <= self.fastest_rate
        ]

    def lessons(self):
        """The live lessons, in the order staff arranged them in the page tree."""
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["access"] = access = course_access(request.user, self)
        lessons = list(self.lessons())
        context["lessons"] = [
            (lesson, access.progress.get(lesson.pk)) for lesson in lessons
        ]
        if access.can_learn and not access.is_staff:
            context["resume"] = resume_lesson(lessons, access.progress)
            context["started"] = bool(access.progress)
            context["still_needed"] = still_needed(request.user, self)
        context["sessions"] = self.sessions.select_related("instructor").all()
        return context


class CourseSession(Orderable):
    """A scheduled session (课次) of a centralized, on-site or practical course."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CourseSessionQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("instructor")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="course_session_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.course.title} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
        )

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class LessonKind(models.TextChoices):
    VIDEO = "video", _("Video lesson")
    READING = "reading", _("Reading")
    PRACTICAL = "practical", _("Practical task")


class LessonPage(Page):
    """A lesson (课时) of a course, in the course's page order: a video to watch,
    a text to read, or a practical task to carry out."""

    kind = models.CharField(_("kind"), max_length=10, choices=LessonKind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    video = models.ForeignKey(
        "media.VideoAsset",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
    )
    subtitles = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("subtitles (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("text"), blank=True)
    instructions = RichTextField(
        _("task instructions"),
        blank=True,
        help_text=_("For a practical task: what to make and what evidence to submit."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("subtitles")], heading=_("Video")
        ),
        FieldPanel("body"),
        FieldPanel("instructions"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
    ]

    objects = LessonManager()

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def clean(self):
        super().clean()
        if self.kind == LessonKind.VIDEO and not self.video_id:
            raise ValidationError({"video": _("A video lesson needs a video.")})
        parent = self.get_parent()
        if self.video_id and parent is not None:
            owner = self.video.institution_id
            if owner is not None and owner != parent.specific.institution_id:
                # The chooser offers only the institution's own videos; a forged
                # form must not borrow another institution's either.
                raise ValidationError(
                    {"video": _("This video belongs to another institution.")}
                )
        if self.kind == LessonKind.PRACTICAL and not self.instructions:
            raise ValidationError(
                {"instructions": _("A practical task needs instructions.")}
            )

    @property
    def course(self) -> CoursePage:
        return CoursePage.objects.parent_of(self).get()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        context["course"] = course
        context["access"] = access = course_access(request.user, course)
        context["progress"] = access.progress.get(self.pk)
        lessons = list(course.lessons()) if access.can_learn else []
        ids = [lesson.pk for lesson in lessons]
        if self.pk in ids:  # not when staff preview a draft
            place = ids.index(self.pk)
            context.update(
                number=place + 1,
                lesson_count=len(lessons),
                previous_lesson=lessons[place - 1] if place else None,
                next_lesson=lessons[place + 1] if place + 1 < len(lessons) else None,
            )
        context["attachments"] = self.attachments.select_related("document")
        if access.can_learn and self.video is not None and self.video.is_ready:
            context["poster_url"] = playback.poster_url(self.video, request=request)
        return context


class LessonAttachment(Orderable):
    lesson = ParentalKey(
        LessonPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]


class CatalogueIndexPage(Page):
    """The public course catalogue (课程目录): live courses, filtered and searched."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import CatalogueFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = CatalogueFilterForm(request.GET or None)
        courses = form.apply(CoursePage.objects.live().public().for_listing())
        page = Paginator(courses, self.per_page).get_page(request.GET.get("page"))
        context.update(form=form, courses=page, query_string=form.query_string())
        return context
