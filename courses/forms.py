"""The course page's admin form."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError
from django.utils.translation import gettext as _

from lms import policy
from lms.models import Region
from lms.page_forms import PageForm


def holds_evidence(instance) -> bool:
    """Whether deleting ``instance`` would hit a protected reference (e.g. the
    attendance records subsidies are paid on), without naming the app that holds it."""
    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([instance])
    except ProtectedError:
        return True
    return False


def _institution_region(form: PageForm) -> str | None:
    """The region code of the institution whose subtree holds the course."""
    if form.instance.institution_id:
        return form.instance.institution.region_id
    index = form.parent_page.specific if form.parent_page else None
    institution = getattr(index, "institution", None)
    return institution.region_id if institution else None


class CoursePageForm(PageForm):
    """Offers as the course's region only its institution's region and the divisions
    below it that the user may assign; refuses, with a message, to remove a session
    that already holds evidence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("region")
        if field is None or self.for_user is None:
            return
        allowed = policy.assignable_regions(self.for_user)
        within = _institution_region(self)
        if within:
            allowed = allowed.within(within)
        current = Region.objects.filter(pk=self.instance.region_id)
        field.queryset = allowed | current

    def clean(self):
        cleaned_data = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is not None and sessions.is_valid():
            for form in sessions.deleted_forms:
                if form.instance.pk and holds_evidence(form.instance):
                    self.add_error(
                        None,
                        _(
                            "The session %(session)s has attendance records, which "
                            "subsidies are paid on, so it cannot be removed. Change "
                            "its details instead."
                        )
                        % {"session": form.instance},
                    )
        return cleaned_data
