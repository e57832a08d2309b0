from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms import identity
from lms.scoping import ScopedQuerySet
from lms.validators import normalise_mobile


class PersonQuerySet(ScopedQuerySet):
    region_lookup = "household_region__code"
    institution_lookup = None

    def with_id_number(self, number: str):
        """Exact match on a full ID number, through its keyed hash; the number is
        normalised first, so a full-width or 15-digit spelling finds the same row."""
        try:
            number = identity.normalise_id_number(number)
        except ValidationError:
            return self.none()
        return self.filter(id_number_digest=identity.digest(number))


class Person(models.Model):
    """One human being (自然人), keyed by their resident ID number.

    Trainee, inheritor, workshop leader, competitor and judge are roles of a person,
    kept by the apps that own them; nobody is entered twice. The ID number and the
    mobile number are stored encrypted beside a keyed hash and a masked form.
    """

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    real_name = models.CharField(_("real name"), max_length=64)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    id_number_encrypted = models.TextField(editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    mobile_encrypted = models.TextField(blank=True, editable=False)
    mobile_masked = models.CharField(
        _("mobile number"), max_length=20, blank=True, editable=False
    )
    household_region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("household region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The county of the household registration (户籍)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["real_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.real_name} ({self.id_number_masked})"

    @property
    def id_number(self) -> str:
        """The full number, only for a viewer who needs it (HR reviewing a claim)."""
        return identity.decrypt(self.id_number_encrypted)

    @property
    def mobile(self) -> str:
        return identity.decrypt(self.mobile_encrypted)

    def set_id_number(self, number: str) -> None:
        number = identity.normalise_id_number(number)
        self.id_number_digest = identity.digest(number)
        self.id_number_encrypted = identity.encrypt(number)
        self.id_number_masked = identity.mask_id_number(number)
        self.sex = identity.sex_of(number)
        self.birth_date = identity.birth_date_of(number)

    def set_mobile(self, number: str) -> None:
        number = normalise_mobile(number)
        self.mobile_encrypted = identity.encrypt(number)
        self.mobile_masked = identity.mask_phone(number)
