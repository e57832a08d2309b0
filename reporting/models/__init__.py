"""The statistics reported upward (非遗工坊建设情况统计): frozen reports, their
steps and their exported files."""

from reporting.models.reports import (
    ExportFormat,
    ReportState,
    StatisticsReport,
    StatisticsReportExport,
    StatisticsReportStep,
)

__all__ = [
    "ExportFormat",
    "ReportState",
    "StatisticsReport",
    "StatisticsReportExport",
    "StatisticsReportStep",
]
