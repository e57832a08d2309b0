"""The outbox of learning records: xAPI statements written with the evidence they
describe and sent to the learning record store (LRS) afterwards, and the opaque
account that names each trainee in them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Learner(models.Model):
    """The account a user's learning records are sent under (the xAPI actor): a
    random id kept here, never their name, ID number, phone or email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="xapi_learner",
    )
    account_name = models.UUIDField(
        _("account name"), default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("learner account")
        verbose_name_plural = _("learner accounts")

    def __str__(self) -> str:
        return str(self.account_name)


class StatementQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)

    def due(self, now):
        """Waiting, and their next try is not later than ``now``."""
        return self.pending().filter(next_attempt_at__lte=now)

    def failing(self):
        """Waiting after at least one failed try."""
        return self.pending().filter(attempts__gt=0)


class Statement(models.Model):
    """One xAPI statement in the outbox (发件箱): its id is fixed when it is written,
    in the transaction of the evidence it describes, so resending it can never
    record it twice at the LRS."""

    id = models.UUIDField(_("statement id"), primary_key=True, editable=False)
    source = models.CharField(
        _("evidence"),
        max_length=160,
        unique=True,
        help_text=_("The record and event this statement describes."),
    )
    verb = models.CharField(_("verb"), max_length=32)
    body = models.JSONField(_("statement"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed tries"), default=0)
    next_attempt_at = models.DateTimeField(_("next try at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last try at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="xapi_statement_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.verb} · {self.source}"
