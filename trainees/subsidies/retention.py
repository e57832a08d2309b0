"""The evidence archive of a claim (证据档案) and how long it is kept: one ZIP of
the evaluation the claim was submitted on and the evidence behind it, kept for at
least ``SUBSIDY_EVIDENCE_RETENTION_YEARS`` years and not deleted before. Writing
it is ``services.archive``."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet
from trainees.subsidies.rules import add_months


def retention_years() -> int:
    return settings.SUBSIDY_EVIDENCE_RETENTION_YEARS


def years_after(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (or earlier); 29 February becomes the
    28th in a common year."""
    return add_months(day, 12 * years)


def refuse_deleting(until: dt.date) -> None:
    raise ValidationError(
        _(
            "Claims and their evidence are kept until %(date)s (%(years)s years); "
            "they cannot be deleted before."
        ),
        code="retained",
        params={"date": until.isoformat(), "years": retention_years()},
    )


def archive_path(archive: ClaimArchive, filename: str) -> str:
    # A random part: the name alone never leads to another claim's evidence.
    year = timezone.localtime(archive.created_at).year
    return f"evidence/{year}/{archive.claim_id}-{secrets.token_hex(8)}.zip"


class ClaimArchiveQuerySet(ScopedQuerySet):
    region_lookup = "claim__course__region__code"
    institution_lookup = "claim__institution_id"

    def retained(self, today: dt.date | None = None):
        """Archives still inside their retention period."""
        return self.filter(retain_until__gt=today or timezone.localdate())

    def delete(self):
        held = self.retained().order_by("-retain_until").first()
        if held is not None:
            refuse_deleting(held.retain_until)
        files = [(a.file.storage, a.file.name) for a in self]
        deleted = super().delete()
        for storage, name in files:
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        return deleted


class ClaimArchive(models.Model):
    """The ZIP of one claim's evidence (manifest, roster, attendance, watch-time
    ledger, certificate), written once when the claim is submitted."""

    claim = models.OneToOneField(
        "subsidies.Claim",
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="archive",
    )
    file = models.FileField(_("file"), upload_to=archive_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    retain_until = models.DateField(_("kept until"))

    objects = ClaimArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence archive")
        verbose_name_plural = _("evidence archives")

    def __str__(self) -> str:
        return f"{self.claim_id} · {self.file.name}"

    @property
    def filename(self) -> str:
        return f"claim-{self.claim_id}-evidence.zip"

    def delete(self, *args, **kwargs):
        if self.retain_until > timezone.localdate():
            refuse_deleting(self.retain_until)
        storage, name = self.file.storage, self.file.name
        deleted = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: storage.delete(name))
        return deleted
