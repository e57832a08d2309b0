from outreach.services.brands import save_ip_record, send_ip_expiry_reminders
from outreach.services.cases import decide_case, nominate_case
from outreach.services.surveys import (
    answer_survey,
    return_survey_response,
    send_survey_reminders,
)

__all__ = [
    "answer_survey",
    "decide_case",
    "nominate_case",
    "return_survey_response",
    "save_ip_record",
    "send_ip_expiry_reminders",
    "send_survey_reminders",
]
