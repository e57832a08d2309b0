from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
    subpage_types: list[str] = []
    is_creatable = False

    class Meta:
        verbose_name = _("institution course index")
