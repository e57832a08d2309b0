"""Public pages (Wagtail): workshops with their story, gallery and product catalogue,
and inheritors' profiles. Each page is tied to its record, which stays the truth."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page

from inheritors.models.inheritors import Inheritor
from inheritors.models.workshops import Workshop
from lms.page_forms import PageForm
from media import playback

# Paths that inheritors/urls.py serves below the workshop index (/workshops/…).
RESERVED_SLUGS = frozenset({"mine"})

STORY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
    ("image", ImageBlock(label=_("Image"))),
    ("quote", blocks.BlockQuoteBlock(label=_("Quote"))),
]


@dataclass(frozen=True)
class WorkshopSection:
    """One block of a workshop's public page rendered from an app above inheritors
    (what the workshop owns, its events…)."""

    order: int  # smaller first
    template: str
    context: dict = field(default_factory=dict)


def workshop_sections(request, workshop: Workshop) -> list[WorkshopSection]:
    """What the apps above show on a workshop's page, in their order: each app
    registers a ``workshop_page_sections`` hook, a function of the request and the
    workshop returning a ``WorkshopSection`` or None (nothing to show)."""
    found = (fn(request, workshop) for fn in hooks.get_hooks("workshop_page_sections"))
    return sorted((s for s in found if s is not None), key=lambda s: s.order)


class RecordPageForm(PageForm):
    """A page form whose record choice holds only records in the editor's scope
    that have no page yet."""

    record_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.record_field)
        if field is None:
            return
        queryset = field.queryset.in_scope(self.for_user)
        taken = queryset.filter(page__isnull=False)
        if self.instance.pk:
            taken = taken.exclude(page=self.instance)
        field.queryset = self.limit(queryset.exclude(pk__in=taken.values("pk")))

    def limit(self, queryset):
        return queryset

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is reserved; choose another slug."))
        return slug


class WorkshopPageForm(RecordPageForm):
    record_field = "workshop"

    def limit(self, queryset):
        return queryset.qualified()


class InheritorPageForm(RecordPageForm):
    record_field = "inheritor"

    def limit(self, queryset):
        return queryset.active()


class WorkshopIndexPage(RoutablePageMixin, Page):
    """The public list of ICH workshops (非遗工坊) and their product catalogue."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["inheritors.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("workshop index")

    def workshop_pages(self):
        return (
            WorkshopPage.objects.child_of(self)
            .live()
            .public()
            .filter(workshop__state__in=Workshop.QUALIFIED_STATES)
            .select_related("workshop__region", "cover_image")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = Paginator(self.workshop_pages(), 24)
        context["workshop_pages"] = pages.get_page(request.GET.get("page"))
        context["catalogue_url"] = reverse("market:catalogue")
        return context

    @path("products/", name="catalogue")
    def catalogue(self, request):
        """The product catalogue moved to the market app (search, filters and
        inquiries); its old address leads there. Named by URL, not imported: the
        market sits above this app."""
        return redirect("market:catalogue", permanent=True)


class WorkshopPage(Page):
    """A workshop's public page: its story, items, leader, photos and products.
    Shown only while the workshop is qualified."""

    workshop = models.OneToOneField(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = StreamField(STORY_BLOCKS, verbose_name=_("story"), blank=True)
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
        FieldPanel("workshop"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("story"),
        FieldPanel("video"),
        InlinePanel("gallery", label=_("Photos")),
    ]
    base_form_class = WorkshopPageForm
    parent_page_types = ["inheritors.WorkshopIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("workshop page")

    def serve(self, request, *args, **kwargs):
        if not self.workshop.is_qualified:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        workshop = self.workshop
        context.update(
            items=workshop.items.all(),
            leader=workshop.leader,
            products=workshop.catalogue.filter(in_catalogue=True).select_related(
                "photo"
            ),
            employment=workshop.employment.order_by("-year").first(),
            gallery=self.gallery.select_related("image"),
            workshop_sections=workshop_sections(request, workshop),
        )
        context["inheritor_pages"] = self.inheritor_pages()
        if self.video is not None and self.video.is_ready:
            context["poster_url"] = playback.poster_url(self.video, request=request)
        return context

    def inheritor_pages(self):
        """The public profiles of the inheritors who lead this workshop."""
        return (
            InheritorPage.objects.live()
            .public()
            .filter(
                inheritor__person_id=self.workshop.leader.person_id,
                inheritor__status=Inheritor.Status.ACTIVE,
            )
            .select_related("inheritor__item", "portrait")
            .order_by("title")
        )


class WorkshopGalleryImage(Orderable):
    """A photo on a workshop's page."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="gallery")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class InheritorIndexPage(Page):
    """The public list of representative inheritors (代表性传承人)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["inheritors.InheritorPage"]
    max_count = 1

    class Meta:
        verbose_name = _("inheritor index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = (
            InheritorPage.objects.child_of(self)
            .live()
            .public()
            .filter(inheritor__status=Inheritor.Status.ACTIVE)
            .select_related("inheritor__person", "inheritor__item", "portrait")
            .order_by("title")
        )
        context["inheritor_pages"] = Paginator(pages, 24).get_page(
            request.GET.get("page")
        )
        return context


class InheritorPage(Page):
    """An inheritor's public profile: name, item, level, region and biography; never
    their ID or mobile number. Shown only while the inheritor is active."""

    inheritor = models.OneToOneField(
        Inheritor,
        verbose_name=_("inheritor"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    biography = StreamField(STORY_BLOCKS, verbose_name=_("biography"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("inheritor"),
        FieldPanel("summary"),
        FieldPanel("portrait"),
        FieldPanel("biography"),
    ]
    base_form_class = InheritorPageForm
    parent_page_types = ["inheritors.InheritorIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("inheritor page")

    def serve(self, request, *args, **kwargs):
        if self.inheritor.status != Inheritor.Status.ACTIVE:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["workshop_pages"] = self.workshop_pages()
        return context

    def workshop_pages(self):
        """The public pages of the qualified workshops this inheritor leads."""
        return (
            WorkshopPage.objects.live()
            .public()
            .filter(
                workshop__leader__person_id=self.inheritor.person_id,
                workshop__state__in=Workshop.QUALIFIED_STATES,
            )
            .select_related("workshop__region", "cover_image")
            .order_by("title")
        )
