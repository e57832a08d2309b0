"""Region and institution scoping: the one mechanism that decides what staff may see.

A staff member's scope is a region (a GB/T 2260 code, whose significant prefix covers
every division below it) and/or one institution. Every model that staff list, export
or serve through the API gets its queryset from ``ScopedQuerySet.in_scope(user)``;
the admin view sets do so through ``ScopedModelViewSet``.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_display import LocalInspectValuesMixin, yes_no_column
from lms.spreadsheets import SafeSpreadsheetExportMixin


def region_prefix(code: str) -> str:
    """The significant prefix of a division code: 51 for 510000, 5101 for 510100."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class ScopedQuerySet(models.QuerySet):
    """A queryset that can keep only the rows inside a user's scope.

    Subclasses name the lookups that lead to the row's region code and institution;
    ``None`` means the model has no such link, and a scope on it then sees nothing.
    """

    region_lookup: str | None = "region__code"
    institution_lookup: str | None = "institution_id"

    def in_scope(self, user) -> ScopedQuerySet:
        # The policy owns the staff-scope lookup; it imports the models, which
        # import this module, hence the import here.
        from lms.policy import row_scope

        scope = row_scope(user)
        if scope is None:
            return self.none()
        if scope.everything:
            return self.all()
        filters = {}
        if scope.region_code:
            if self.region_lookup is None:
                return self.none()
            prefix = region_prefix(scope.region_code)
            filters[f"{self.region_lookup}__startswith"] = prefix
        if scope.institution_id:
            if self.institution_lookup is None:
                return self.none()
            filters[self.institution_lookup] = scope.institution_id
        return self.filter(**filters)


def narrow_choices(queryset: models.QuerySet, user) -> models.QuerySet:
    """The rows of a list of choices that the user may pick: those relevant to
    them where the model says (``relevant_to``), else those in their scope; a
    model with neither (users, states) is left as it is."""
    if hasattr(queryset, "relevant_to"):
        return queryset.relevant_to(user)
    if hasattr(queryset, "in_scope"):
        return queryset.in_scope(user)
    return queryset


class ScopedIndexMixin:
    """An admin listing of a scoped model: only the rows in the user's scope, and
    filters whose choices (institutions, courses, policies …) are in it too.
    Its exports are made safe by ``lms.spreadsheets`` (formulas, control
    characters)."""

    def get_base_queryset(self):
        return super().get_base_queryset().in_scope(self.request.user)

    def _get_custom_column(self, field_name, *args, **kwargs):
        column = super()._get_custom_column(field_name, *args, **kwargs)
        return yes_no_column(self, field_name, column)

    @cached_property
    def filters(self):
        filters = super().filters
        if filters is not None:
            for field in filters.form.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None:
                    field.queryset = narrow_choices(queryset, self.request.user)
        return filters


class ScopedObjectMixin:
    """An admin view of one object: out-of-scope objects do not exist (404)."""

    def get_object(self, *args, **kwargs):
        from lms.policy import can_view

        obj = super().get_object(*args, **kwargs)
        if obj is not None and not can_view(self.request.user, obj):
            raise Http404
        return obj


class RegionChoicesMixin:
    """An admin create or edit view: every region the user fills is one they may
    assign (``lms.admin_helpers.limit_region_choices``), in the choices and on the
    server."""

    def get_form(self, form_class=None):
        from lms.admin_helpers import limit_region_choices

        form = super().get_form(form_class)
        limit_region_choices(form, self.request.user)
        return form


def _scoped(*bases: type) -> type:
    return type(f"Scoped{bases[-1].__name__}", bases, {})


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view sees only the requesting user's scope."""

    index_view_class = _scoped(
        ScopedIndexMixin, SafeSpreadsheetExportMixin, ModelViewSet.index_view_class
    )
    add_view_class = _scoped(RegionChoicesMixin, ModelViewSet.add_view_class)
    edit_view_class = _scoped(
        RegionChoicesMixin, ScopedObjectMixin, ModelViewSet.edit_view_class
    )
    delete_view_class = _scoped(ScopedObjectMixin, ModelViewSet.delete_view_class)
    inspect_view_class = _scoped(
        LocalInspectValuesMixin, ScopedObjectMixin, ModelViewSet.inspect_view_class
    )
    history_view_class = _scoped(ScopedObjectMixin, ModelViewSet.history_view_class)
    usage_view_class = _scoped(ScopedObjectMixin, ModelViewSet.usage_view_class)
    copy_view_class = _scoped(ScopedObjectMixin, ModelViewSet.copy_view_class)
