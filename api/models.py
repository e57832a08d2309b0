"""Personal API tokens (接口令牌) and the accounts of other systems that hold them."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "jx_"


def digest_of(secret: str) -> str:
    """The stored form of a token: sha256 of a random secret of 256 bits, which no
    one can guess or invert, so no slow hash is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class SystemAccount(models.Model):
    """A user that is another system (an HR payment system, a provincial platform),
    not a person: it holds API tokens and never logs in to the site. Its scope and
    roles are granted like a staff member's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="system_account",
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("Which system this is and who runs it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("system account")
        verbose_name_plural = _("system accounts")

    def __str__(self) -> str:
        return f"{self.user} · {self.description}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        """Tokens that open the API now: not revoked, not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def managed_by(self, user):
        """The tokens a user may list and revoke: their own; everyone's for a
        superuser."""
        from lms import policy

        if policy.sees_everything(user):
            return self.all()
        return self.filter(user_id=user.pk) if user.pk else self.none()


class ApiToken(models.Model):
    """A personal token for ``Authorization: Bearer …``: it acts with exactly its
    user's scope and permissions. Only the sha256 of the secret is kept; the secret
    is shown once, when the token is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="personal_api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for.")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        _("begins with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(
        _("last used at"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, editable=False
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
