"""The access policy: the one place that answers "may this user see, change or
decide this?" for the site's views, the admin view sets, the exports and the API.

Rows are filtered by each model's scoped queryset (``ScopedQuerySet.in_scope``,
``lms.scoping``); every decision about one object is asked here and built on that
filter, so a rule changes in one place. A staff member's scope (a region and/or an
institution) is looked up here and nowhere else.
"""

from __future__ import annotations

from django.db import models

from lms.models import Region


def _staff_scope(user):
    """The user's StaffScope, or None; cached on the user object for the request.
    Private to the policy: callers ask a question below instead."""
    if not hasattr(user, "_jiangxin_scope"):
        from lms.models import StaffScope

        user._jiangxin_scope = (
            StaffScope.objects.filter(user_id=user.pk).first() if user.pk else None
        )
    return user._jiangxin_scope


def forget_scope(user) -> None:
    """Drop the cached scope after it changed (``lms.services.grant_scope``)."""
    if hasattr(user, "_jiangxin_scope"):
        del user._jiangxin_scope


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible(user, queryset_or_model) -> models.QuerySet:
    """The rows of a scoped model (or queryset) that the user may see."""
    queryset = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    return queryset.in_scope(user)


def can_view(user, obj) -> bool:
    """The object is inside the user's scope."""
    if obj is None or obj.pk is None or not _active(user):
        return False
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def can_change(user, obj) -> bool:
    """The user holds the model's change permission and the object is in scope."""
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and can_view(
        user, obj
    )


def is_staff_of_institution(user, institution_id: int | None) -> bool:
    """The user works for this institution (or is a superuser)."""
    if not _active(user) or institution_id is None:
        return False
    if user.is_superuser:
        return True
    scope = _staff_scope(user)
    return bool(scope and scope.institution_id == institution_id)


def staff_institution_id(user) -> int | None:
    """The institution the user works for, if any."""
    scope = _staff_scope(user) if _active(user) else None
    return scope.institution_id if scope else None


def staff_region_code(user) -> str | None:
    """The region code a department officer works in, if any."""
    scope = _staff_scope(user) if _active(user) else None
    return scope.region_id if scope else None


def home_region_code(user) -> str | None:
    """The region a staff member works in: a department officer's own, or the
    region of the institution they work for; None for anyone else."""
    scope = _staff_scope(user) if _active(user) else None
    if scope is None:
        return None
    if scope.region_id:
        return scope.region_id
    if scope.institution_id:
        from lms.models import Institution

        return (
            Institution.objects.filter(pk=scope.institution_id)
            .values_list("region_id", flat=True)
            .first()
        )
    return None


def has_staff_scope(user) -> bool:
    """The user works inside a region or an institution (or is a superuser)."""
    return _active(user) and (user.is_superuser or _staff_scope(user) is not None)


def assignable_regions(user) -> models.QuerySet:
    """Regions the user may put on a record they create or edit: their own region
    and every division below it; for institution staff, their institution's region
    and below (every region for a superuser). Retired divisions are not offered."""
    regions = Region.objects.active()
    if not _active(user):
        return regions.none()
    if user.is_superuser:
        return regions
    scope = _staff_scope(user)
    if scope is None:
        return regions.none()
    if scope.region_id:
        regions = regions.within(scope.region_id)
    if scope.institution_id:
        regions = regions.within(scope.institution.region_id)
    return regions


def may_assign_region(user, region: Region | None) -> bool:
    """The user may put this region on a record (see ``assignable_regions``)."""
    return region is not None and (
        assignable_regions(user).filter(pk=region.pk).exists()
    )


def may_change_institution_identity(user, institution) -> bool:
    """An institution's name, unified social credit code and region are changed by
    the culture or HR staff above it (a department officer whose region covers the
    institution's, with the change permission) or a superuser; never by the
    institution's own staff, who could otherwise move it into another province."""
    if not _active(user) or not user.has_perm("lms.change_institution"):
        return False
    if user.is_superuser:
        return True
    scope = _staff_scope(user)
    if scope is None or scope.institution_id or not scope.region_id:
        return False
    if institution is None or institution.pk is None:
        return True  # registering a new one: its region is checked on its own
    return (
        Region.objects.within(scope.region_id).filter(pk=institution.region_id).exists()
    )


def may_see_full_id_numbers(user) -> bool:
    """Full resident ID numbers are shown only to those who must pay or verify
    against them; everyone else sees them masked."""
    return _active(user) and user.has_perm("subsidies.view_full_id_number")
