from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms import identity
from lms.scoping import ScopedQuerySet
from lms.validators import group_mobile, mobile_e164


class AccountQuerySet(models.QuerySet):
    def with_phone(self, number: str):
        """The account that holds this mobile number (any spelling), through its
        keyed hash; none for a number that is no mainland mobile number."""
        try:
            number = mobile_e164(number)
        except ValidationError:
            return self.none()
        if not number:
            return self.none()
        return self.filter(phone_digest=identity.digest(number))


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    pass


class User(AbstractUser):
    """An account. Trainees sign up with a mobile number (手机号) or an email; staff
    accounts carry a scope.

    The mobile number is the account's, one account per number: stored in E.164,
    encrypted beside a keyed hash (unique) and a masked form, like ID numbers. A
    person's contact mobile follows it once it is verified
    (``lms.services.record_verified_phone``)."""

    phone_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField(
        _("mobile number"), max_length=16, blank=True, editable=False
    )
    phone_verified = models.BooleanField(
        _("mobile number verified"),
        default=False,
        help_text=_("Whether the holder proved the number with a code sent to it."),
    )

    objects = AccountManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # People log in with their email or mobile number; usernames are generated.
        return self.email or self.phone_masked or self.username

    @property
    def phone(self) -> str:
        """The full number in E.164, for the code sender and the holder only."""
        return identity.decrypt(self.phone_encrypted)

    @property
    def phone_grouped(self) -> str:
        """138 0013 8000, for the holder's own pages."""
        return group_mobile(self.phone) if self.phone_encrypted else ""

    def set_phone(self, number: str, *, verified: bool = False) -> None:
        """Hold ``number`` (any spelling; empty clears it). Saving fails on the unique
        hash if another account holds it."""
        number = mobile_e164(number)
        self.phone_digest = identity.digest(number) if number else None
        self.phone_encrypted = identity.encrypt(number)
        self.phone_masked = identity.mask_phone(number.removeprefix("+86"))
        self.phone_verified = bool(number) and verified

    @property
    def holds_unclaimed_phone(self) -> bool:
        """An account an institution opened for a mobile number on its roster, that
        nobody has logged in to: whoever proves the number by code takes it over."""
        return bool(
            self.phone_digest
            and not self.phone_verified
            and self.last_login is None
            and not self.email
        )


class StaffScopeQuerySet(ScopedQuerySet):
    pass


class StaffScope(models.Model):
    """Where a staff member works: a region (all divisions below it) and/or one
    institution. Department officers have a region, institution staff an
    institution."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="scope"
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_scopes",
    )

    objects = StaffScopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(institution__isnull=False),
                name="staff_scope_not_empty",
                violation_error_message=_("A scope needs a region or an institution."),
            )
        ]

    def __str__(self) -> str:
        parts = [str(part) for part in (self.region, self.institution) if part]
        return f"{self.user} · {' / '.join(parts)}"
