"""What the HR officer reads on a claim: where to check the evidence behind each
rule, the days left before the review deadline, and the steps the claim can take
now, each an explicit button."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lms.templatetags.jiangxin_format import day as as_day
from trainees.certificates.models import Certificate
from trainees.subsidies.models import AWAITING_REVIEW, Claim, ClaimState


@dataclass(frozen=True)
class Link:
    label: Promise
    url: str


@dataclass(frozen=True)
class Step:
    """A step of the review as a button: its value, its words, its look, and whether
    the text field (a reason, or the payment reference) must be filled in."""

    value: str
    label: Promise
    style: str = ""
    needs_text: bool = False


APPROVE = Step("approve", _("Approve"))
RETURN = Step("return", _("Return for correction"), "button-secondary", True)
REJECT = Step("reject", _("Reject"), "no", True)
STEPS_BY_STATE: dict[str, list[Step]] = {
    ClaimState.SUBMITTED: [
        Step("start_review", _("Take up the review (受理)"), "button-secondary"),
        APPROVE,
        RETURN,
        REJECT,
    ],
    ClaimState.UNDER_REVIEW: [APPROVE, RETURN, REJECT],
    ClaimState.APPROVED: [Step("start_notice", _("Start the public notice (公示)"))],
    ClaimState.PAYABLE: [Step("record_payment", _("Record the payment"), "", True)],
}
NEEDS_TEXT = {
    step.value for steps in STEPS_BY_STATE.values() for step in steps if step.needs_text
}


def steps_for(claim: Claim) -> list[Step]:
    """The steps a claim in its present state can take."""
    return STEPS_BY_STATE.get(claim.state, [])


def _listing(url_name: str, **query) -> str:
    return f"{reverse(url_name)}?{urlencode(query)}"


def evidence_links(claim: Claim, user) -> dict[str, list[Link]]:
    """Per rule code, the admin pages that hold the evidence behind it, among those
    the user may open (a link the user cannot follow is not shown)."""
    name = claim.person.real_name
    # key: (the permission to open it, its words, its URL name, the object or the
    # list's query)
    pages = {
        "person": (
            "lms.view_person",
            _("talent profile"),
            "people:inspect",
            claim.person_id,
        ),
        "periods": (
            "lms.view_statusperiod",
            _("status periods and their source"),
            "status-periods:index",
            {"q": name},
        ),
        "ledger": (
            "trainees.view_enrolment",
            _("watch-time ledger"),
            "enrolments:inspect",
            claim.enrolment_id,
        ),
        "attendance": (
            "attendance.view_attendance",
            _("attendance ledger"),
            "attendance-records:index",
            {"course": claim.course_id, "q": name},
        ),
        "claims": (
            "subsidies.view_claim",
            _("the trainee's claims"),
            "subsidy-claims:index",
            {"q": name},
        ),
    }
    links: dict[str, Link] = {}
    for key, (perm, label, url_name, target) in pages.items():
        if user.has_perm(perm):
            url = (
                _listing(url_name, **target)
                if isinstance(target, dict)
                else reverse(url_name, args=[target])
            )
            links[key] = Link(label, url)
    if claim.certificate_serial and user.has_perm("certificates.view_certificate"):
        pk = (
            Certificate.objects.in_scope(user)
            .filter(serial=claim.certificate_serial)
            .values_list("pk", flat=True)
            .first()
        )
        if pk:
            links["certificate"] = Link(
                _("certificate %(serial)s") % {"serial": claim.certificate_serial},
                reverse("certificate_admin:inspect", args=[pk]),
            )
    by_rule = {
        "identity": ["person"],
        "group": ["periods"],
        "hours": ["ledger", "attendance"],
        "attendance": ["attendance"],
        "watch": ["ledger"],
        "certificate": ["certificate"],
        "amount": ["certificate"],
        "certificate_window": ["certificate"],
        "yearly_cap": ["claims"],
        "same_level": ["claims"],
        "lower_level": ["claims"],
        "one_scheme": ["claims"],
    }
    return {
        rule: [links[key] for key in keys if key in links]
        for rule, keys in by_rule.items()
    }


def deadline_words(claim: Claim) -> str:
    """The review deadline and the working days left (or past it), in words; empty
    once the claim is no longer awaiting review."""
    if claim.state not in AWAITING_REVIEW:
        return ""
    left = claim.review_days_left()
    day = claim.review_deadline()
    if left > 0:
        return ngettext(
            "Review by %(day)s: %(n)s working day left.",
            "Review by %(day)s: %(n)s working days left.",
            left,
        ) % {"day": as_day(day), "n": left}
    if left == 0:
        return gettext("Review by %(day)s: the deadline is today.") % {
            "day": as_day(day)
        }
    return ngettext(
        "The review was due on %(day)s: %(n)s working day overdue.",
        "The review was due on %(day)s: %(n)s working days overdue.",
        -left,
    ) % {"day": as_day(day), "n": -left}
