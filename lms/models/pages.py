from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from lms.page_forms import PageForm


@dataclass(frozen=True)
class HomeSection:
    """One block of the home page rendered from an app above lms (courses open for
    enrolment, workshops, the catalogue, results, outstanding cases…)."""

    order: int  # smaller first
    template: str
    context: dict = field(default_factory=dict)


class HomePage(Page):
    """The site's home page (首页): what Jiangxin is and where a visitor goes next."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    base_form_class = PageForm

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu()
        context["home_sections"] = home_sections(request)
        return context


def home_sections(request) -> list[HomeSection]:
    """What the apps above show on the home page, in their order: each app registers
    a ``home_page_sections`` hook, a function of the request returning a
    ``HomeSection`` or None (nothing to show)."""
    found = (fn(request) for fn in hooks.get_hooks("home_page_sections"))
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
