"""Admin for the ICH item register: items with their listings, and the import."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from inheritors.models import IchItem, IchLevel
from inheritors.models.items import list_authority
from inheritors.services import import_ich_items, read_table
from inheritors.services.item_values import normalise_code
from lms import policy
from lms.admin_helpers import ScopedChoicesForm, export_spec, region_filterset
from lms.models import Region
from lms.scoping import ScopedModelViewSet

MAX_UPLOAD = 5 * 1024 * 1024


class IchItemForm(ScopedChoicesForm):
    """An item and its listings. The list it is on follows from its level and the
    regions holding it; officers may list it only inside their own region."""

    def clean_code(self):
        try:
            return normalise_code(self.cleaned_data["code"])
        except ValueError:
            raise ValidationError(_("An item code looks like Ⅷ-25.")) from None

    def clean(self):
        data = super().clean()
        formset = self.formsets["listings"]
        if not formset.is_valid():
            return data
        regions = [
            form.cleaned_data["region"]
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not regions:
            raise ValidationError(_("List the item for at least one region."))
        self._check_scope(regions)
        level, code = data.get("level"), data.get("code")
        if level and code:
            self._check_list(level, code, regions)
        return data

    def _check_scope(self, regions: list[Region]) -> None:
        user = self.for_user
        if user is None or policy.sees_everything(user):
            return
        visible = set(Region.objects.in_scope(user).values_list("code", flat=True))
        outside = [region.code for region in regions if region.code not in visible]
        if outside:
            raise ValidationError(
                _("You may list items only in your own region, not in %(codes)s.")
                % {"codes": ", ".join(outside)}
            )

    def _check_list(self, level: str, code: str, regions: list[Region]) -> None:
        authorities = {list_authority(level, region.code) for region in regions}
        if len(authorities) > 1:
            raise ValidationError(
                _("A %(level)s item is listed within one list's region only.")
                % {"level": IchLevel(level).label}
            )
        authority = authorities.pop()
        if authority is not None and not Region.objects.filter(code=authority).exists():
            raise ValidationError(_("There is no list above this region."))
        clash = IchItem.objects.filter(level=level, list_region_id=authority, code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("code", _("This list already has an item with this code."))
        self.instance.list_region_id = authority


class WholeItemInScopeMixin:
    """Officers change an item only when every listing of it is in their region;
    one listed beyond it is kept by the level above."""

    def get_object(self, *args, **kwargs):
        item = super().get_object(*args, **kwargs)
        if not policy.holds_every_listing(self.request.user, item):
            raise PermissionDenied
        return item


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("spreadsheet"),
        help_text=_(
            "An .xlsx or .csv file with the columns 项目编号, 项目名称, 类别, 级别, "
            "地区代码, 批次, 公布年份, 类型, 保护单位 (or code, name, category, "
            "level, region, batch, year, type, protection_unit)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a spreadsheet of items; the report lists every bad row, and an import
    with any bad row writes nothing."""

    template_name = "inheritors/admin/item_import.html"
    form_class = ImportForm
    page_title = _("Import ICH items")
    header_icon = "upload"
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ich-items:index"), "label": _("ICH items")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload, upload.name)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        report = import_ich_items(rows=rows, user=self.request.user)
        if report.ok:
            messages.success(
                self.request,
                _("Imported: %(items)s new items, %(listings)s new listings.")
                % {
                    "items": report.items_created,
                    "listings": report.listings_created,
                },
            )
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), report=report)
        )


class ItemIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("list_region")
            .prefetch_related("listings__region")
        )

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(
                    _("Import"), url=reverse("ich-items:import"), icon_name="upload"
                )
            )
        return buttons


def _scoped_to_whole_item(view_class: type) -> type:
    return type(view_class.__name__, (WholeItemInScopeMixin, view_class), {})


list_export, export_headings = export_spec(
    ("code", None),
    ("name", None),
    ("get_category_display", _("category")),
    ("get_level_display", _("level")),
    ("list_region", None),
    ("listing_summary", _("listings")),
)


class IchItemViewSet(ScopedModelViewSet):
    model = IchItem
    icon = "tag"
    menu_label = _("ICH items")
    index_view_class = ItemIndexView
    edit_view_class = _scoped_to_whole_item(ScopedModelViewSet.edit_view_class)
    delete_view_class = _scoped_to_whole_item(ScopedModelViewSet.delete_view_class)
    list_display = ["__str__", "category", "level", "list_region"]
    filterset_class = region_filterset(
        IchItem, lookup="listings__region__code", fields=["category", "level"]
    )
    search_fields = ["code", "name", "listings__protection_unit"]
    list_export = list_export
    export_headings = export_headings
    export_filename = "ich-items"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("level")]),
            FieldPanel("name"),
            FieldPanel("category"),
            FieldPanel("description"),
            InlinePanel(
                "listings",
                label=_("Listings"),
                min_num=1,
                panels=[
                    FieldRowPanel([FieldPanel("region"), FieldPanel("batch")]),
                    FieldRowPanel([FieldPanel("year"), FieldPanel("listing_type")]),
                    FieldPanel("protection_unit"),
                ],
            ),
        ],
        base_form_class=IchItemForm,
    )
    inspect_view_fields = [
        "code",
        "name",
        "category",
        "level",
        "list_region",
        "description",
        "listing_summary",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "import/",
                ImportView.as_view(permission_policy=self.permission_policy),
                name="import",
            ),
        ]
