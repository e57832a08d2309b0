from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class User(AbstractUser):
    """An account. Trainees sign up with an email; staff accounts carry a scope."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # People log in with their email; usernames are generated.
        return self.email or self.username


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
