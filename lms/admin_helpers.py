"""Admin helpers every app's view sets use: service errors shown on the form, forms
whose choices stay inside the user's scope, a region filter, export columns, and
one-object action views that run a service."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms import policy
from lms.models import Region


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it can."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceErrorsMixin:
    """An admin create or edit view whose saving runs a service: the service's
    ValidationError shows on the form (by field where it can), with Wagtail's error
    banner, and nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def _current_choices(form: forms.BaseForm, name: str):
    """What the form's record already points to through field ``name``: it stays a
    choice, so that saving the record does not silently drop a link made by
    someone with a wider scope."""
    field = form.fields[name]
    none = field.queryset.none()
    instance = getattr(form, "instance", None)
    if instance is None or not instance.pk:
        return none
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return none
    if model_field.many_to_many:
        current = getattr(instance, name).values("pk")
    elif model_field.many_to_one:
        current = [getattr(instance, model_field.attname)]
    else:
        return none
    return field.queryset.model._default_manager.filter(pk__in=current)


def limit_region_choices(form: forms.BaseForm, user) -> None:
    """Every region field of the form offers only the regions the user may assign
    (``policy.assignable_regions``) and the one the record already has. The field
    refuses any other value, so a POST that bypasses the choices is refused too."""
    if user is None:
        return
    assignable = policy.assignable_regions(user)
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if field.disabled or queryset is None or queryset.model is not Region:
            continue
        field.queryset = (queryset & assignable) | _current_choices(form, name)


class ScopedChoicesForm(WagtailAdminModelForm):
    """An admin form whose choices of regions and records hold only what the user
    may see (regions: what they may assign); items are those relevant to the
    user's region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model is Region:
                continue
            if hasattr(queryset, "relevant_to"):
                field.queryset = queryset.relevant_to(user) | self._current(name)
            elif hasattr(queryset, "in_scope"):
                field.queryset = queryset.in_scope(user) | self._current(name)
        limit_region_choices(self, user)

    def _current(self, name: str):
        return _current_choices(self, name)


class RegionFilter(django_filters.ModelChoiceFilter):
    """A region among those the user sees, and every division below it."""

    def __init__(self, lookup: str, **kwargs):
        self.lookup = lookup
        super().__init__(
            label=_("region"),
            queryset=lambda request: Region.objects.in_scope(request.user).exclude(
                retired=True
            ),
            method=self.filter_region,
            **kwargs,
        )

    def filter_region(self, queryset, name, region):
        if not region:
            return queryset
        # Through a subquery: a lookup across listings must not repeat rows.
        within = queryset.model._default_manager.filter(
            **{f"{self.lookup}__startswith": region.prefix}
        )
        return queryset.filter(pk__in=within.values("pk"))


def region_filterset(model, *, lookup: str, fields: list[str]) -> type:
    """A filter set with the region filter and the model's own list filters."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(
        f"{model.__name__}FilterSet",
        (WagtailFilterSet,),
        {"region": RegionFilter(lookup=lookup), "Meta": meta},
    )


def export_spec(*columns: tuple[str, str | None]) -> tuple[list[str], dict]:
    """list_export and export_headings from (accessor, heading or None) pairs."""
    return (
        [accessor for accessor, _heading in columns],
        {accessor: heading for accessor, heading in columns if heading},
    )


class ObjectActionView(WagtailAdminTemplateMixin, FormView):
    """An admin form that runs one service on one object in the user's scope; the
    user needs the change permission on the model."""

    template_name = "wagtailadmin/generic/form.html"
    model = None
    permission_policy = None
    url_namespace = ""
    action_label = ""
    success_message = ""
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = get_object_or_404(
            self.model._default_manager.in_scope(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{self.url_namespace}:index"),
                "label": self.model._meta.verbose_name_plural,
            },
            {"url": "", "label": self.action_label, "sublabel": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=self.action_label,
            submit_button_active_label=self.action_label,
            object=self.object,
        )
        return context

    def form_valid(self, form):
        self.form = form
        try:
            self.run(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, self.success_message % {"object": str(self.object)}
        )
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        wagtail_messages.validation_error(
            self.request, _("This could not be done; see the errors below."), form
        )
        return super().form_invalid(form)

    def get_success_url(self):
        return reverse(f"{self.url_namespace}:inspect", args=[self.object.pk])

    def run(self, data: dict) -> None:
        raise NotImplementedError
