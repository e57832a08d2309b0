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


class ScopedIndexMixin:
    """An admin listing of a scoped model: only the rows in the user's scope, and
    filters whose choices of scoped rows (institutions, courses, policies) are
    inside it too."""

    def get_base_queryset(self):
        return super().get_base_queryset().in_scope(self.request.user)

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            for field in filterset.form.fields.values():
                choices = getattr(field, "queryset", None)
                if choices is not None and hasattr(choices, "in_scope"):
                    field.queryset = choices.in_scope(self.request.user)
        return filterset


class ScopedObjectMixin:
    """An admin view of one object: out-of-scope objects do not exist (404)."""

    def get_object(self, *args, **kwargs):
        from lms.policy import can_view

        obj = super().get_object(*args, **kwargs)
        if obj is not None and not can_view(self.request.user, obj):
            raise Http404
        return obj


def _scoped(mixin: type, view_class: type) -> type:
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {})


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view sees only the requesting user's scope."""

    index_view_class = _scoped(ScopedIndexMixin, ModelViewSet.index_view_class)
    edit_view_class = _scoped(ScopedObjectMixin, ModelViewSet.edit_view_class)
    delete_view_class = _scoped(ScopedObjectMixin, ModelViewSet.delete_view_class)
    inspect_view_class = _scoped(ScopedObjectMixin, ModelViewSet.inspect_view_class)
    history_view_class = _scoped(ScopedObjectMixin, ModelViewSet.history_view_class)
    usage_view_class = _scoped(ScopedObjectMixin, ModelViewSet.usage_view_class)
    copy_view_class = _scoped(ScopedObjectMixin, ModelViewSet.copy_view_class)
