"""The steps of a statistics report, each one service: generate (freeze the
figures), submit, return with a reason, accept; the export of its table to a file
by a worker; and the reminders before the due date."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms import policy
from lms.models import Region, User
from reporting.models import (
    ExportFormat,
    ReportState,
    StatisticsReport,
    StatisticsReportExport,
    StatisticsReportStep,
)
from reporting.reports.periods import Period, due_in
from reporting.reports.snapshot import build_snapshot

logger = logging.getLogger(__name__)
Action = StatisticsReportStep.Action


def _step(report: StatisticsReport, action: str, user: User | None, reason: str = ""):
    StatisticsReportStep.objects.create(
        report=report, action=action, actor=user, at=report_now(), reason=reason
    )
    log(
        instance=report,
        action=f"reporting.{action}",
        user=user,
        data={"period": report.period.slug, "reason": reason},
    )


def report_now() -> dt.datetime:
    return timezone.now()


def _locked(report: StatisticsReport) -> StatisticsReport:
    return StatisticsReport.objects.select_for_update().get(pk=report.pk)


def _require(report: StatisticsReport, states, doing: str) -> None:
    if report.state not in states:
        raise ValidationError(
            _("A report that is “%(state)s” cannot be %(doing)s.")
            % {"state": report.get_state_display(), "doing": doing},
            code="state",
        )


@transaction.atomic
def generate_report(
    *, region: Region, period: Period, user: User, today: dt.date | None = None
) -> StatisticsReport:
    """Freeze the region's figures for the period into its report (a new one, or
    the same one again while it is a draft or returned): the accepted reports of
    the divisions below plus what the region holds directly."""
    if not policy.may_prepare_statistics_report(user, region):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not period.has_ended(today):
        raise ValidationError(
            _("The period has not ended yet; its report can be made from %(day)s.")
            % {"day": period.ends_on + dt.timedelta(days=1)},
            code="period",
        )
    now = report_now()
    report = (
        StatisticsReport.objects.select_for_update()
        .filter(region=region, year=period.year, quarter=period.quarter)
        .first()
    )
    action = Action.REGENERATED if report else Action.GENERATED
    if report is None:
        report = StatisticsReport(
            region=region, year=period.year, quarter=period.quarter
        )
    else:
        _require(
            report, (ReportState.DRAFT, ReportState.RETURNED), _("generated again")
        )
    report.snapshot = build_snapshot(region, period, now=now)
    report.generated_at, report.generated_by = now, user
    report.save()
    _step(report, action, user)
    return report


@transaction.atomic
def submit_report(*, report: StatisticsReport, user: User) -> StatisticsReport:
    """Send the report, as frozen, to the level above."""
    report = _locked(report)
    if not policy.may_prepare_statistics_report(user, report.region):
        raise PermissionDenied
    _require(report, (ReportState.DRAFT, ReportState.RETURNED), _("submitted"))
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = report_now(), user
    report.decided_at = report.decided_by = None
    report.return_reason = ""
    report.save()
    _step(report, Action.SUBMITTED, user)
    return report


@transaction.atomic
def return_report(
    *, report: StatisticsReport, user: User, reason: str
) -> StatisticsReport:
    """The level above sends a submitted report back, saying why; the region may
    generate it again and resubmit."""
    report = _locked(report)
    if not policy.may_decide_statistics_report(user, report):
        raise PermissionDenied
    _require(report, (ReportState.SUBMITTED,), _("returned"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the report is returned.")}, code="reason"
        )
    report.state = ReportState.RETURNED
    report.decided_at, report.decided_by = report_now(), user
    report.return_reason = reason
    report.save()
    _step(report, Action.RETURNED, user, reason)
    return report


@transaction.atomic
def accept_report(*, report: StatisticsReport, user: User) -> StatisticsReport:
    """The level above accepts a submitted report: its totals now count in the
    level above's own report."""
    report = _locked(report)
    if not policy.may_decide_statistics_report(user, report):
        raise PermissionDenied
    _require(report, (ReportState.SUBMITTED,), _("accepted"))
    report.state = ReportState.ACCEPTED
    report.decided_at, report.decided_by = report_now(), user
    report.save()
    _step(report, Action.ACCEPTED, user)
    return report


@transaction.atomic
def request_export(
    *, report: StatisticsReport, user: User, format: str
) -> StatisticsReportExport:
    """Ask a worker to write the report's table as XLSX or PDF (never in the web
    request); the file goes to the media storage."""
    if not policy.may_read_statistics_report(user, report):
        raise PermissionDenied
    if format not in ExportFormat.values:
        raise ValidationError(_("Unknown file format."), code="format")
    export = StatisticsReportExport.objects.create(
        report=report,
        format=format,
        snapshot_generated_at=report.generated_at,
        requested_by=user,
    )
    log(instance=report, action="reporting.export", user=user, data={"format": format})
    transaction.on_commit(lambda: queue_export(export.pk), robust=True)
    return export


def queue_export(export_id: int) -> None:
    from reporting.reports.tasks import write_export_task

    write_export_task.delay(export_id)


def write_export(*, export_id: int) -> StatisticsReportExport:
    """Write an export's file (the worker's side), recording its progress; a file
    already written is kept as it is."""
    from reporting.reports.exports import WRITERS

    export = StatisticsReportExport.objects.select_related("report__region").get(
        pk=export_id
    )
    if export.state == StatisticsReportExport.State.DONE:
        return export
    StatisticsReportExport.objects.filter(pk=export.pk).update(
        state=StatisticsReportExport.State.RUNNING, progress=0
    )

    def progress(share: float) -> None:
        StatisticsReportExport.objects.filter(pk=export.pk).update(
            progress=min(99, int(share * 100))
        )

    try:
        with tempfile.TemporaryFile() as scratch:
            WRITERS[export.format](export.report, scratch, progress=progress)
            scratch.seek(0)
            export.file.save(export.filename, File(scratch), save=False)
    except Exception as error:
        StatisticsReportExport.objects.filter(pk=export.pk).update(
            state=StatisticsReportExport.State.FAILED, error=str(error)[:1000]
        )
        raise
    export.state = StatisticsReportExport.State.DONE
    export.progress, export.finished_at = 100, report_now()
    export.save(update_fields=["file", "state", "progress", "finished_at"])
    return export


def not_submitted(regions, period: Period):
    """Of these regions, those whose report for the period has not gone up."""
    sent = StatisticsReport.objects.for_period(period).sent_up().values("region_id")
    return regions.exclude(code__in=sent)


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind the officers of each region whose report is due in
    ``STATISTICS_REPORT_REMINDER_DAYS`` days and has not been submitted; return
    how many regions were reminded."""
    today = today or timezone.localdate()
    reminded = 0
    for period in due_in(today, settings.STATISTICS_REPORT_REMINDER_DAYS):
        regions = not_submitted(Region.objects.active(), period)
        officers = policy.statistics_reporters(regions.values_list("code", flat=True))
        by_region = defaultdict(list)
        for email, code in officers.values_list("email", "report_region"):
            if email:
                by_region[code].append(email)
        names = dict(
            Region.objects.filter(code__in=by_region).values_list("code", "name")
        )
        for code, emails in sorted(by_region.items()):
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Statistics report due on %(day)s: %(region)s") % {
                    "day": period.due_on.isoformat(),
                    "region": names[code],
                }
                body = _(
                    "The statistics report of %(region)s for %(period)s "
                    "(非遗工坊建设情况统计) has not been submitted yet. It is due "
                    "on %(day)s. Generate and submit it in the admin, under "
                    "Statistics reports."
                ) % {
                    "region": names[code],
                    "period": period.label,
                    "day": period.due_on.isoformat(),
                }
            send_mail(subject, body, None, sorted(set(emails)))
            reminded += 1
    logger.info("statistics report reminders sent to %s regions", reminded)
    return reminded
