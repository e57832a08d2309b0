from outreach.models.brands import IpExpiryReminder, IpRecord
from outreach.models.cases import (
    LevelAboveApprovalTask,
    OutstandingCaseIndexPage,
    OutstandingCasePage,
)
from outreach.models.surveys import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

__all__ = [
    "IpExpiryReminder",
    "IpRecord",
    "LevelAboveApprovalTask",
    "OutstandingCaseIndexPage",
    "OutstandingCasePage",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
]
