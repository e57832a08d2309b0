"""Values in admin listings and inspect views as a Chinese reader expects them:
yes/no as a tick or a cross titled 是/否 (never "True"), times in local time in the
house's format (never UTC). ``ScopedModelViewSet`` uses both for every view set."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column

from lms.templatetags.jiangxin_format import moment


def yes_no_column(view, field_name: str, column):
    """``column`` as a tick-or-cross ``BooleanColumn`` (titled 是/否, see
    lms/templates/wagtailadmin/tables/boolean_cell.html) when ``field_name`` names a
    yes/no field of the view's model, across relations too; a plain column would
    print "True"/"False". Other columns come back unchanged."""
    if type(column) is not Column or not isinstance(field_name, str):
        return column
    model = view.model
    *relations, last = field_name.split(LOOKUP_SEP)
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
        field = model._meta.get_field(last)
    except (FieldDoesNotExist, AttributeError):
        return column
    if not isinstance(field, models.BooleanField):
        return column
    return BooleanColumn(
        column.name,
        label=column.label,
        accessor=column.accessor,
        sort_key=column.sort_key,
    )


class LocalInspectValuesMixin:
    """An inspect view that shows times in local time (Asia/Shanghai) and in the
    house's format, like the listings, and yes/no as 是/否, never "True"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, dt.datetime):
            return moment(value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value
