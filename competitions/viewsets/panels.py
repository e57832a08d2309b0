"""The competition's edit form in the admin, grouped as an organiser reads it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.panels import MultiFieldPanel as Group

COMPETITION_PANELS = [
    Group(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("ich_category")]),
            FieldRowPanel([FieldPanel("craft"), FieldPanel("ich_item_code")]),
        ],
        heading=_("Competition"),
    ),
    Group(
        [
            FieldRowPanel([FieldPanel("region"), FieldPanel("department")]),
            FieldPanel("organiser"),
        ],
        heading=_("Organiser"),
    ),
    Group(
        [
            FieldRowPanel(
                [
                    FieldPanel("registration_opens_at"),
                    FieldPanel("registration_closes_at"),
                ]
            ),
            FieldRowPanel([FieldPanel("entry_kind"), FieldPanel("team_size")]),
            FieldPanel("eligible_region"),
            FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
            FieldPanel("requires_institution"),
            FieldPanel("eligibility_notes"),
        ],
        heading=_("Registration and eligibility"),
    ),
    Group(
        [
            FieldPanel("venue"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("schedule"),
        ],
        heading=_("Venue and schedule"),
    ),
    Group(
        [
            FieldPanel("judgement_spread_limit"),
            FieldRowPanel([FieldPanel("standardiser"), FieldPanel("award_rule")]),
            InlinePanel("tie_breakers", heading=_("Tie-breakers, in order")),
        ],
        heading=_("Judging and results"),
    ),
]
