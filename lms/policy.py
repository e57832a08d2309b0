"""The access policy: the one place that answers "may this user see, change or
decide this?" for the site's views, the admin view sets, the exports and the API.

Rows are filtered by each model's scoped queryset (``ScopedQuerySet.in_scope``,
``lms.scoping``); every decision about one object is asked here and built on that
filter, so a rule changes in one place. A staff member's scope (a region and/or an
institution) is looked up here and nowhere else: ``row_scope`` is what the scoped
querysets read, every other caller asks one of the questions below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from wagtail.models import PageLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permissions import policy_registry

from lms.models import Institution, Region
from lms.scoping import region_prefix

WRITES = frozenset({"add", "change", "delete"})


def _staff_scope(user):
    """The user's StaffScope, or None; cached on the user object for the request.
    Private to the policy: callers ask a question below instead."""
    if not hasattr(user, "_jiangxin_scope"):
        from lms.models import StaffScope

        relation = user._meta.model.scope.related
        if relation.is_cached(user):  # loaded with the user (select_related)
            user._jiangxin_scope = relation.get_cached_value(user)
            return user._jiangxin_scope
        user._jiangxin_scope = (
            StaffScope.objects.filter(user_id=user.pk)
            .select_related("institution")
            .first()
            if user.pk
            else None
        )
    return user._jiangxin_scope


def forget_scope(user) -> None:
    """Drop the cached scope after it changed (``lms.services.grant_scope``)."""
    for cached in ("_jiangxin_scope", "_jiangxin_hidden_collections"):
        if hasattr(user, cached):
            delattr(user, cached)
    relation = user._meta.model.scope.related
    if relation.is_cached(user):
        relation.delete_cached_value(user)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class RowScope:
    """What a scoped queryset keeps for one user: everything, or the rows of a
    region (its code's significant prefix) and/or of one institution."""

    everything: bool = False
    region_code: str | None = None
    institution_id: int | None = None


def row_scope(user) -> RowScope | None:
    """The rows the user may see, for ``ScopedQuerySet.in_scope``; None: none."""
    if not _active(user):
        return None
    if user.is_superuser:
        return RowScope(everything=True)
    scope = _staff_scope(user)
    if scope is None:
        return None
    return RowScope(region_code=scope.region_id, institution_id=scope.institution_id)


def sees_everything(user) -> bool:
    """The user is bound by no scope (a superuser)."""
    return _active(user) and user.is_superuser


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


def may_review_identity(user, check) -> bool:
    """The user may see an attention check's face capture and say whether it is
    the trainee: staff of the course's institution or an officer of its region
    (the check in their scope), or a superuser."""
    return has_staff_scope(user) and can_view(user, check)


def is_staff_of_institution(user, institution_id: int | None) -> bool:
    """The user works for this institution (or is a superuser)."""
    if not _active(user) or institution_id is None:
        return False
    if user.is_superuser:
        return True
    scope = _staff_scope(user)
    return bool(scope and scope.institution_id == institution_id)


def is_course_staff(user, course) -> bool:
    """The user teaches for the course's institution (or is a superuser): they may
    open every lesson, run its sessions' check-in and grade its hand-ins."""
    return is_staff_of_institution(user, course.institution_id)


def works_for_an_institution(user) -> bool:
    """The user is staff of some institution (or a superuser): the check-in
    screens and the institution's own tools are theirs."""
    return sees_everything(user) or staff_institution_id(user) is not None


def can_take_attendance(user, session) -> bool:
    """The user may run the session's check-in screen and mark attendance by hand:
    they may see the session and teach for its course's institution."""
    return can_view(user, session) and is_course_staff(user, session.course)


def holds_every_listing(user, item) -> bool:
    """Every listing of the ICH item is in the user's scope: an officer changes an
    item only then; one listed beyond their region is kept by the level above."""
    if sees_everything(user):
        return True
    listings = item.listings.all()
    return not listings.exclude(pk__in=visible(user, listings).values("pk")).exists()


def staff_institution_id(user) -> int | None:
    """The institution the user works for, if any."""
    scope = _staff_scope(user) if _active(user) else None
    return scope.institution_id if scope else None


def staff_institution(user) -> Institution | None:
    """The institution the user works for, if any."""
    scope = _staff_scope(user) if _active(user) else None
    return scope.institution if scope and scope.institution_id else None


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


def oversees_a_province(user) -> bool:
    """A department officer of a whole province (no institution), or a superuser:
    those who keep rules that govern every region, such as the national calendar."""
    if sees_everything(user):
        return True
    scope = _staff_scope(user) if _active(user) else None
    return bool(
        scope is not None
        and scope.region_id
        and not scope.institution_id
        and len(region_prefix(scope.region_id)) == 2
    )


def related_regions(user) -> models.QuerySet:
    """Regions whose records the user may link to: their own and those below
    (``assignable_regions``) and the prefecture and province above it; all of them
    for a superuser, none for a user without a region."""
    if sees_everything(user):
        return Region.objects.all()
    code = staff_region_code(user)
    if code is None:
        return Region.objects.none()
    above = {code[:2] + "0000", code[:4] + "00"} - {code}
    return Region.objects.filter(
        models.Q(code__startswith=region_prefix(code)) | models.Q(code__in=above)
    )


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


def may_see_full_mobile_numbers(user) -> bool:
    """Other people's mobile numbers are shown whole only to those who may see
    their full ID numbers (who must reach a claimant); everyone else, in admin
    lists, exports and the API, sees them masked (138****8000)."""
    return may_see_full_id_numbers(user)


def reads_region_figures(user) -> bool:
    """The region dashboards are for department officers (a region and no
    institution) and superusers. Institution staff read none: their own training
    figures are in the course report, and a region's figures would count other
    institutions' trainees."""
    if sees_everything(user):
        return True
    scope = _staff_scope(user) if _active(user) else None
    return bool(scope is not None and scope.region_id and not scope.institution_id)


def figures_region_code(user) -> str | None:
    """The region whose dashboard the user opens first: the officer's own; None
    (the whole country) for a superuser and for anyone who reads no figures."""
    if sees_everything(user) or not reads_region_figures(user):
        return None
    return staff_region_code(user)


def may_read_region_figures(user, region_code: str | None) -> bool:
    """The user may read the figures of this region (None: the whole country): a
    superuser any of them, an officer their own region and every division below
    it, never one beside or above."""
    if not reads_region_figures(user):
        return False
    if sees_everything(user):
        return True
    if region_code is None:
        return False
    return region_code.startswith(region_prefix(staff_region_code(user)))


def may_import_population_lists(user) -> bool:
    """The lists of people out of poverty (脱贫人口) and monitoring targets
    (防返贫监测对象) are imported by those who hold the permission and work for a
    region (a rural revitalization officer), or by a superuser; never by the
    staff of an institution."""
    if not _active(user) or not user.has_perm("lms.add_populationimport"):
        return False
    if user.is_superuser:
        return True
    scope = _staff_scope(user)
    return bool(scope and scope.region_id and not scope.institution_id)


def may_record_in_project_library(user, workshop) -> bool:
    """A workshop is recorded in the county project library (项目库) by a rural
    revitalization officer whose region covers it (the permission
    ``inheritors.enter_project_library``), or by a superuser."""
    return (
        _active(user)
        and user.has_perm("inheritors.enter_project_library")
        and can_view(user, workshop)
    )


def may_read(user, model) -> bool:
    """The user holds the model's view permission, which its admin listing needs;
    the API asks it before listing (the rows are then cut down by scope)."""
    opts = model._meta
    return _active(user) and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def may_add(user, model) -> bool:
    """The user holds the model's add permission (the admin's create view)."""
    opts = model._meta
    return _active(user) and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


def may_hold_api_tokens(user) -> bool:
    """API tokens act with their user's scope, so only a user with one (staff, or a
    system account given a scope) or a superuser may hold them."""
    return has_staff_scope(user)


def may_manage_api_tokens_of(user, owner) -> bool:
    """A user makes and revokes their own API tokens; a superuser anyone's."""
    return _active(user) and (user.is_superuser or user.pk == owner.pk)


def may_read_whole_site_reports(user) -> bool:
    """Reports that count or name every scope's rows at once (Wagtail's page types
    usage) are for superusers; a scoped user reads reports of their own scope."""
    return sees_everything(user)


def may_see_learning_record_outbox(user) -> bool:
    """The outbox of learning records sent to the LRS holds every scope's
    statements and the LRS's errors: for superusers only."""
    return sees_everything(user)


def department_region_code(user) -> str | None:
    """The region a department officer (a region, no institution) works in; None
    for institution staff, superusers and everyone else."""
    scope = _staff_scope(user) if _active(user) else None
    if scope is None or scope.institution_id or not scope.region_id:
        return None
    return scope.region_id


def may_prepare_statistics_report(user, region: Region) -> bool:
    """The user may generate and submit the statistics report (统计报表) of this
    region: an officer of exactly this region holding the right, or a superuser."""
    if not _active(user) or not user.has_perm("reporting.add_statisticsreport"):
        return False
    return user.is_superuser or department_region_code(user) == region.code


def may_decide_statistics_report(user, report) -> bool:
    """The user may accept or return a submitted statistics report: an officer of
    the region directly above the report's, holding the right; for a province's
    report, the national level (a superuser)."""
    if not _active(user) or not user.has_perm("reporting.decide_statisticsreport"):
        return False
    if user.is_superuser:
        return True
    above = report.region.parent_id
    return above is not None and department_region_code(user) == above


def may_read_statistics_report(user, report) -> bool:
    """The report is in the user's scope (their region's own, or a region below
    once submitted) and they may read reports: the culture officers who file them
    and the HR (and rural-revitalisation) officers of the same regions."""
    return user.has_perm("reporting.view_statisticsreport") and can_view(user, report)


def oversees_statistics_of(user) -> models.QuerySet:
    """The regions whose statistics reports come up to the user: the divisions one
    level below an officer's region; the provinces for a superuser (the national
    level); none for anyone else."""
    if not _active(user) or not user.has_perm("reporting.view_statisticsreport"):
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.active().filter(parent__isnull=True)
    code = department_region_code(user)
    if code is None:
        return Region.objects.none()
    return Region.objects.active().filter(parent_id=code)


def statistics_reporters(region_codes: Iterable[str]) -> models.QuerySet:
    """Active officers of exactly these regions (no institution) who may prepare
    their region's statistics report, each with ``report_region`` (its code)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(
        content_type__app_label="reporting", codename="add_statisticsreport"
    )
    holds = models.Q(groups__permissions__in=permission) | models.Q(
        user_permissions__in=permission
    )
    return (
        get_user_model()
        .objects.filter(
            holds,
            is_active=True,
            scope__region_id__in=list(region_codes),
            scope__institution__isnull=True,
        )
        .annotate(report_region=models.F("scope__region_id"))
        .distinct()
    )


class ActionsPermissionPolicy(ModelPermissionPolicy):
    """Model permissions limited to the actions named: rows that services write
    (attendance, results, graded attempts) are offered for these actions only,
    to everyone, superusers included."""

    def __init__(self, model, *, allowed: Iterable[str] = ("view",)):
        super().__init__(model)
        self.allowed = frozenset(allowed)

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) & self.allowed)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action in self.allowed]
        )


def visible_log_entries(user, log_model) -> models.QuerySet:
    """The audit-log entries (of one log model) that the user may read: all of them
    for a superuser; otherwise Wagtail's own rule (permissions on the object's
    type, page permissions for pages) narrowed to the objects the user may see.
    An entry about a model without a scope is a page's (Wagtail's page permissions
    decide) or nobody's but a superuser's."""
    entries = log_model.objects.viewable_by_user(user)
    if sees_everything(user):
        return entries
    if not _active(user):
        return entries.none()
    pages = issubclass(log_model, PageLogEntry)
    keep = models.Q(pk__in=[])
    for type_id in entries.values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(type_id).model_class()
        rows = model._default_manager.all() if model is not None else None
        if rows is None or not hasattr(rows, "in_scope"):
            if pages:
                keep |= models.Q(content_type_id=type_id)
            continue
        ids = visible(user, rows).annotate(
            _logged_id=Cast("pk", output_field=models.CharField())
        )
        logged = ids.values("_logged_id")
        keep |= models.Q(content_type_id=type_id, object_id__in=logged)
    return entries.filter(keep)


class ScopedCollectionsPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions for images (or documents), narrowed by
    scope: a collection that belongs to a scoped row (a competition's photos)
    serves only the users who may see that row, whatever their groups hold on the
    collections above it. ``owners`` names each such model and its collection
    field."""

    def __init__(self, model, *, owners: Iterable[tuple[type, str]], **kwargs):
        super().__init__(model, **kwargs)
        self.owners = tuple(owners)

    def _hidden_collection_ids(self, user) -> set[int]:
        cache = "_jiangxin_hidden_collections"
        if not hasattr(user, cache):
            hidden = set()
            for owner, field in self.owners:
                rows = owner._default_manager.exclude(**{f"{field}__isnull": True})
                if not sees_everything(user):
                    shown = visible(user, owner).values("pk")
                    hidden.update(
                        rows.exclude(pk__in=shown).values_list(field, flat=True)
                    )
            setattr(user, cache, hidden)
        return getattr(user, cache)

    def _collections_with_perm(self, user, actions):
        collections = super()._collections_with_perm(user, actions)
        return collections.exclude(pk__in=self._hidden_collection_ids(user))

    def _check_perm(self, user, actions, collection=None):
        if collection is not None and collection.pk in self._hidden_collection_ids(
            user
        ):
            return False
        return super()._check_perm(user, actions, collection=collection)


def choosable(user, model) -> models.QuerySet:
    """Images or documents the user may choose or manage, as Wagtail's registered
    permission policy for the model (collections, ownership, scope) says."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["choose", "add", "change", "delete"]
    )


def decides_for_region_below(user, region: Region | None) -> bool:
    """The user is a department officer of the region directly above this one (a
    prefecture's for a county), or a superuser: who approves what a region's
    officers put forward, such as an outstanding case (优秀案例)."""
    if sees_everything(user):
        return True
    code = department_region_code(user)
    return region is not None and code is not None and region.parent_id == code


def may_nominate_case(user, region: Region | None) -> bool:
    """Outstanding cases are nominated by a county culture officer of the case's
    county holding ``outreach.nominate_case``, or by a superuser."""
    if not _active(user) or not user.has_perm("outreach.nominate_case"):
        return False
    if user.is_superuser:
        return True
    code = department_region_code(user)
    return region is not None and code is not None and code == region.code


def department_officers(region_codes: Iterable[str], *, permission: str):
    """Active officers (a region, no institution) of exactly these regions who
    hold ``permission`` (``app_label.codename``), each with ``officer_region``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".")
    held = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    holds = models.Q(groups__permissions__in=held) | models.Q(user_permissions__in=held)
    return (
        get_user_model()
        .objects.filter(
            holds,
            is_active=True,
            scope__region_id__in=list(region_codes),
            scope__institution__isnull=True,
        )
        .annotate(officer_region=models.F("scope__region_id"))
        .distinct()
    )


def leads_workshop(user, workshop) -> bool:
    """The user is the linked account of the workshop's leader (非遗工坊带头人)."""
    if not _active(user) or workshop is None:
        return False
    return workshop.leader.person.user_id == user.pk


def may_see_buyer_contact(user, inquiry) -> bool:
    """A buyer's phone and email are seen by the workshop asked (its leader) and by
    the officers above it who may read inquiries; everyone else sees them masked."""
    if leads_workshop(user, inquiry.workshop):
        return True
    return may_read(user, type(inquiry)) and can_view(user, inquiry)


def may_mark_consumption_assistance(user, product) -> bool:
    """A product is marked for consumption assistance (消费帮扶) by a department
    officer (a region, no institution) who holds the permission and whose region
    covers the workshop, after checking it; or by a superuser."""
    if not _active(user) or not user.has_perm("inheritors.mark_consumption_assistance"):
        return False
    if user.is_superuser:
        return True
    return department_region_code(user) is not None and can_view(user, product)
