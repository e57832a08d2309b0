"""Forms of the market's public and leader pages: the buyer's inquiry with its
anti-spam checks, the leader's answer, deal and block, and the catalogue filters."""

from __future__ import annotations

import re
import time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inheritors.models import IchItem, Workshop, WorkshopProduct
from lms.models import Region
from market.models import MAX_QUANTITY, MESSAGE_MAX_LENGTH, BlockedSender, Inquiry
from market.selectors import CatalogueFilters, catalogue_crafts

# Control characters other than tab and line breaks: invisible, never typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STARTED_SALT = "market.inquiry.started"


def refuse_control_characters(value: str) -> None:
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )


def min_fill_seconds() -> float:
    """A person needs a few seconds to fill the inquiry form; a robot does not."""
    return settings.INQUIRY_MIN_FILL_SECONDS


class InquiryForm(forms.ModelForm):
    """A buyer's inquiry about one product, as typed on its page. ``website`` is a
    honeypot (hidden from people), ``started`` the signed time the form was shown."""

    quantity = forms.IntegerField(
        label=_("how many (pieces)"), min_value=1, max_value=MAX_QUANTITY
    )
    message = forms.CharField(
        label=_("what you need"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Design, materials, packaging, price you have in mind."),
    )
    needed_by = forms.DateField(
        label=_("needed by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Inquiry
        fields = [
            "organisation",
            "credit_code",
            "contact_name",
            "phone",
            "email",
            "quantity",
            "needed_by",
            "message",
        ]

    def __init__(self, *args, product: WorkshopProduct, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product
        self.fields["started"].initial = signing.dumps(time.time(), salt=_STARTED_SALT)
        self.fields["credit_code"].help_text = _(
            "Optional; 18 characters, checked with its check character."
        )
        for name in ("organisation", "contact_name", "phone", "email", "credit_code"):
            self.fields[name].validators.append(refuse_control_characters)
        self.fields["message"].validators.append(refuse_control_characters)

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("This field must stay empty."))
        return ""

    def clean_started(self) -> float:
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=_STARTED_SALT, max_age=86_400
            )
        except signing.BadSignature:
            raise ValidationError(
                _("The form has expired; reload the page and send it again.")
            ) from None
        if time.time() - float(started) < min_fill_seconds():
            raise ValidationError(
                _("That was quicker than a person can type; please send it again.")
            )
        return started

    def clean_needed_by(self):
        needed_by = self.cleaned_data.get("needed_by")
        if needed_by and needed_by < timezone.localdate():
            raise ValidationError(_("Choose a date from today on."))
        return needed_by

    def save(self, commit: bool = False):  # the service saves it
        return super().save(commit=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("your answer"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[refuse_control_characters],
    )


class DealForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("quantity sold (pieces)"), min_value=1, max_value=MAX_QUANTITY
    )
    value = forms.DecimalField(
        label=_("value of the deal (yuan)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )


class BlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("block by"), choices=BlockedSender.Kind.choices)


# The filters' choices change when a workshop lists its first product of a craft,
# rarely; reading them from 100,000 products on every page would cost more than
# the page itself.
CHOICES_SECONDS = 300


def _catalogue_choices() -> dict:
    """The crafts, ICH items and regions (provinces, prefectures and counties) of
    the listed products, for the catalogue's filters; cached a few minutes."""

    def read() -> dict:
        listed = WorkshopProduct.objects.listed()
        counties = set(listed.values_list("workshop__region_id", flat=True).distinct())
        above = {code[:2] + "0000" for code in counties} | {
            code[:4] + "00" for code in counties
        }
        regions = Region.objects.filter(code__in=counties | above).order_by("code")
        items = IchItem.objects.filter(
            pk__in=Workshop.items.through.objects.filter(
                workshop_id__in=listed.values("workshop_id")
            ).values("ichitem_id")
        ).order_by("code")
        return {
            "crafts": catalogue_crafts(),
            "regions": [(region.code, region.name) for region in regions],
            "items": [(item.pk, str(item)) for item in items],
        }

    return cache.get_or_set("market:catalogue:choices", read, CHOICES_SECONDS)


class CatalogueFilterForm(forms.Form):
    """The catalogue's search box and filters, all optional, read from the URL."""

    q = forms.CharField(label=_("search"), required=False, max_length=100)
    craft = forms.ChoiceField(label=_("craft"), required=False)
    item = forms.TypedChoiceField(label=_("ICH item"), required=False, coerce=int)
    region = forms.ChoiceField(label=_("region"), required=False)
    price_from = forms.DecimalField(
        label=_("price from"), required=False, min_value=0, max_digits=10
    )
    price_to = forms.DecimalField(
        label=_("price to"), required=False, min_value=0, max_digits=10
    )
    assistance = forms.BooleanField(
        label=_("consumption assistance (消费帮扶) only"), required=False
    )
    workshop = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _catalogue_choices()
        self.fields["craft"].choices = [("", _("All crafts"))] + [
            (craft, craft) for craft in choices["crafts"]
        ]
        self.fields["item"].choices = [("", _("All ICH items"))] + choices["items"]
        self.fields["region"].choices = [("", _("All regions"))] + choices["regions"]
        self.fields["q"].validators.append(refuse_control_characters)

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data
        return CatalogueFilters(
            q=data.get("q") or "",
            craft=data.get("craft") or "",
            item_id=data.get("item") or None,
            region_code=data.get("region") or "",
            price_from=data.get("price_from"),
            price_to=data.get("price_to"),
            assistance=bool(data.get("assistance")),
            workshop_id=data.get("workshop"),
        )
