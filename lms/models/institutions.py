from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from lms.scoping import ScopedQuerySet
from lms.validators import (
    NormalisedCharField,
    canonical,
    normalise_contact_phone,
    validate_credit_code,
)


class InstitutionQuerySet(ScopedQuerySet):
    institution_lookup = "pk"


class Institution(models.Model):
    """A training institution (培训机构): publishes courses and teaches trainees.

    Its staff group holds Wagtail page permissions on the institution's own course
    subtree, and collection permissions on its own images and documents.
    """

    name = models.CharField(_("name"), max_length=200)
    credit_code = NormalisedCharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters under GB 32100, as on the business licence."),
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = NormalisedCharField(
        _("contact phone"),
        max_length=32,
        blank=True,
        normaliser=normalise_contact_phone,
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    staff_group = models.OneToOneField(
        Group,
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="institution",
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("media collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="institution",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("training institution")
        verbose_name_plural = _("training institutions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.credit_code = canonical(self.credit_code)
