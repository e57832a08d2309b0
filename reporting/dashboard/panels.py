"""The admin home panel of a department officer: the headline figures of their
region for their role, and a link to the full dashboard."""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.ui.components import Component

from lms import policy
from lms.roles import Role
from reporting.dashboard.views import dashboard_url, list_url
from reporting.figures import region_dashboard

# The sections each role reads first, and the numbers of each shown on the home.
ROLE_SECTIONS = {
    Role.CULTURE_OFFICER: ("workshops", "heritage"),
    Role.HR_OFFICER: ("training", "subsidies"),
    Role.RURAL_OFFICER: ("workshops",),
}
HEADLINES = {
    "workshops": (
        "identified",
        "active",
        "in_library",
        "confirmation_overdue",
        "lapsing",
        "employed",
    ),
    "training": ("enrolments", "completions", "certificates_training"),
    "subsidies": (
        "claims_submitted",
        "review_overdue",
        "claims_flagged",
        "amount_approved",
        "amount_paid",
    ),
    "heritage": ("inheritors", "studios", "apprentices", "awards"),
}


def sections_for(user) -> tuple[str, ...]:
    """The sections on a user's home panel: those of their roles (a rural-
    revitalization officer reads the workshops), every one for a superuser."""
    if user.is_superuser:
        return tuple(HEADLINES)
    groups = set(user.groups.values_list("name", flat=True))
    chosen: list[str] = []
    for role, keys in ROLE_SECTIONS.items():
        if role.value in groups:
            chosen += keys
    return tuple(dict.fromkeys(chosen)) or tuple(HEADLINES)


class RegionFiguresPanel(Component):
    name = "region_figures"
    template_name = "reporting/home_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        code = policy.figures_region_code(self.user)
        keys = sections_for(self.user)
        dashboard = region_dashboard(code, today=timezone.localdate(), only=keys)
        sections = []
        for section in dashboard.sections:
            wanted = HEADLINES[section.key]
            figures = [
                {
                    "label": figure.label,
                    "total": figure.total,
                    "unit": figure.unit,
                    "url": list_url(figure.link, code),
                }
                for figure in section.figures
                if figure.key in wanted
            ]
            sections.append({"title": section.title, "figures": figures})
        context.update(
            region=dashboard.region,
            sections=sections,
            dashboard_url=dashboard_url(code),
        )
        return context
