"""The base of every page's admin form."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField

from lms import parsing

# More blocks than any page holds; a larger count is a forged request.
MAX_BLOCKS = 1000


class PageForm(WagtailAdminPageForm):
    """A page form that refuses a POST whose StreamField keys are missing or not
    numbers (``body-count``, ``body-0-type`` …), as a hand-made or truncated request
    sends them: Wagtail would read them blindly and fail with a server error. Such
    a POST is answered with a 400 (``parsing.BadInput``) and nothing is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            for name, field in self.fields.items():
                if isinstance(field, BlockField):
                    self._check_stream_keys(self.add_prefix(name), field.label)

    def _check_stream_keys(self, prefix: str, label: str) -> None:
        incomplete = _(
            "The form arrived incomplete: %(field)s is missing (%(key)s). Reload "
            "the editor and save again."
        )
        count_key = f"{prefix}-count"
        if count_key not in self.data:
            raise parsing.BadInput(incomplete % {"field": label, "key": count_key})
        count = parsing.parse_int(
            self.data[count_key], label=count_key, minimum=0, maximum=MAX_BLOCKS
        )
        for index in range(count):
            for part in ("deleted", "type", "order"):
                key = f"{prefix}-{index}-{part}"
                if key not in self.data:
                    raise parsing.BadInput(incomplete % {"field": label, "key": key})
            if not self.data[f"{prefix}-{index}-deleted"]:
                parsing.parse_int(
                    self.data[f"{prefix}-{index}-order"],
                    label=f"{prefix}-{index}-order",
                    minimum=0,
                    maximum=MAX_BLOCKS,
                )
