"""The course page's admin form."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError
from django.utils.translation import gettext as _

from lms.page_forms import PageForm


def holds_evidence(instance) -> bool:
    """Whether deleting ``instance`` would hit a protected reference (e.g. the
    attendance records subsidies are paid on), without naming the app that holds it."""
    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([instance])
    except ProtectedError:
        return True
    return False


class CoursePageForm(PageForm):
    """Refuses, with a message, to remove a session that already holds evidence."""

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
