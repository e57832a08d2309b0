"""Enumerations shared by the models and the pure scoring rules of competitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Level of a competition, from county to national."""

    COUNTY = "county", _("county")
    PREFECTURE = "prefecture", _("prefecture")
    PROVINCE = "province", _("province")
    NATIONAL = "national", _("national")


class Department(models.TextChoices):
    """The organising department: culture and tourism, or human resources."""

    CULTURE = "culture", _("culture and tourism department")
    HR = "hr", _("human resources and social security department")


class EntryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    TEAM = "team", _("team")


class SkillLevel(models.TextChoices):
    """Occupational skill level (职业技能等级) a competitor declares; 1 is highest."""

    NONE = "", _("no skill level")
    LEVEL_5 = "5", _("level 5 (junior worker)")
    LEVEL_4 = "4", _("level 4 (intermediate worker)")
    LEVEL_3 = "3", _("level 3 (senior worker)")
    LEVEL_2 = "2", _("level 2 (technician)")
    LEVEL_1 = "1", _("level 1 (senior technician)")


class Component(models.TextChoices):
    """Which part of the competition a criterion belongs to (tie-breakers use it)."""

    PRACTICAL = "practical", _("practical")
    THEORY = "theory", _("theory")


class AspectKind(models.TextChoices):
    """WorldSkills aspect types: measurement (objective) or judgement (0–3)."""

    MEASUREMENT = "measurement", _("measurement")
    JUDGEMENT = "judgement", _("judgement")


class AwardKind(models.TextChoices):
    GOLD = "gold", _("gold medal")
    SILVER = "silver", _("silver medal")
    BRONZE = "bronze", _("bronze medal")
    EXCELLENCE = "excellence", _("award of excellence")
    TECHNICAL_EXPERT = "technical_expert", _("technical expert")
    FIRST_PRIZE = "first_prize", _("first prize")
    SECOND_PRIZE = "second_prize", _("second prize")
    THIRD_PRIZE = "third_prize", _("third prize")
