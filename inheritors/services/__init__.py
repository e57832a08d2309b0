"""Writes of the inheritors app, by sub-domain; import them from here."""

from inheritors.services.inheritors import (
    cancel_inheritor,
    correct_transmission_subsidy,
    grant_transmission_subsidy,
    newly_eligible,
    subsidy_refusal,
)
from inheritors.services.items import ItemImport, import_ich_items, read_table
from inheritors.services.people import link_account, register_workshop_leader
from inheritors.services.products import mark_consumption_assistance
from inheritors.services.studios import plan_studio_funding
from inheritors.services.workshops import (
    cancel_lapsed_workshops,
    cancel_workshop,
    confirm_workshop_registration,
    enter_project_library,
    identify_workshop,
    record_workshop_application,
    reject_workshop_application,
)

__all__ = [
    "ItemImport",
    "cancel_inheritor",
    "cancel_lapsed_workshops",
    "cancel_workshop",
    "confirm_workshop_registration",
    "correct_transmission_subsidy",
    "enter_project_library",
    "grant_transmission_subsidy",
    "identify_workshop",
    "import_ich_items",
    "link_account",
    "mark_consumption_assistance",
    "newly_eligible",
    "plan_studio_funding",
    "read_table",
    "record_workshop_application",
    "register_workshop_leader",
    "reject_workshop_application",
    "subsidy_refusal",
]
