"""Writes of the competitions app, one module per stage; import them from here."""

from competitions.services.judging import (
    lock_marking,
    missing_marks,
    review_spread,
    spread_flags,
    submit_scores,
)
from competitions.services.lifecycle import (
    close_lapsed_registrations,
    close_registration,
    judging_problems,
    open_registration,
    start_judging,
)
from competitions.services.panel import (
    approve_marking_scheme,
    assign_judge,
    scheme_problems,
    withdraw_scheme_approval,
)
from competitions.services.registration import (
    Competitor,
    add_entry_photo,
    eligibility_problems,
    register_entry,
    withdraw_entry,
)
from competitions.services.results import compute_results, publish_results

__all__ = [
    "Competitor",
    "add_entry_photo",
    "approve_marking_scheme",
    "assign_judge",
    "close_lapsed_registrations",
    "close_registration",
    "compute_results",
    "eligibility_problems",
    "judging_problems",
    "lock_marking",
    "missing_marks",
    "open_registration",
    "publish_results",
    "register_entry",
    "review_spread",
    "scheme_problems",
    "spread_flags",
    "start_judging",
    "submit_scores",
    "withdraw_entry",
    "withdraw_scheme_approval",
]
