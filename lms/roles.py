"""The roles people play on Jiangxin, each a Django group created by a migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Group names are the English values; people see the translated labels."""

    TRAINEE = "Trainee", _("Trainee")
    INSTRUCTOR = "Instructor", _("Instructor")
    INSTITUTION_ADMIN = "Institution admin", _("Institution admin")
    WORKSHOP_LEADER = "Workshop leader", _("Workshop leader")
    JUDGE = "Judge", _("Judge")
    HR_OFFICER = "HR officer", _("HR officer")
    CULTURE_OFFICER = "Culture officer", _("Culture officer")
    RURAL_OFFICER = "Rural revitalization officer", _("Rural revitalization officer")


# Roles that work in the Wagtail admin.
STAFF_ROLES = frozenset(
    {
        Role.INSTRUCTOR,
        Role.INSTITUTION_ADMIN,
        Role.HR_OFFICER,
        Role.CULTURE_OFFICER,
        Role.RURAL_OFFICER,
        Role.JUDGE,
    }
)
