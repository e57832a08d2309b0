"""The base of every page's admin form."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField

from lms.parsing import BadInput


class PageForm(WagtailAdminPageForm):
    """A page form that refuses a POST whose StreamField lacks its block count
    (``body-count``), as a hand-made or truncated request does: Wagtail would read
    the missing key and fail with a server error. Answered with a 400, nothing saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            count = f"{self.add_prefix(name)}-count"
            if isinstance(field, BlockField) and count not in self.data:
                raise BadInput(
                    _(
                        "The form arrived incomplete: %(field)s is missing "
                        "(%(key)s). Reload the editor and save again."
                    )
                    % {"field": field.label, "key": count}
                )
