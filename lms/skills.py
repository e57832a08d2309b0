"""The vocational skill ladder (职业技能等级), shared by courses, certificates,
competitions and master studios.

Values grow with seniority so that levels compare naturally (a higher value is a
higher level). The five national levels also carry their certificate digit, 5 (初级工)
to 1 (高级技师); the "new eight-level" ladder adds 学徒工 below and 特级技师, 首席技师
above (DOMAIN.md §2.1).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillLevel(models.IntegerChoices):
    APPRENTICE = 10, _("Apprentice (学徒工)")
    LEVEL_5 = 20, _("Level 5 · junior worker (初级工)")
    LEVEL_4 = 30, _("Level 4 · intermediate worker (中级工)")
    LEVEL_3 = 40, _("Level 3 · senior worker (高级工)")
    LEVEL_2 = 50, _("Level 2 · technician (技师)")
    LEVEL_1 = 60, _("Level 1 · senior technician (高级技师)")
    SPECIAL = 70, _("Special-grade technician (特级技师)")
    CHIEF = 80, _("Chief technician (首席技师)")

    @property
    def national_code(self) -> int | None:
        """The digit used inside certificate numbers, 5 … 1; None off the 5 levels."""
        return {20: 5, 30: 4, 40: 3, 50: 2, 60: 1}.get(self.value)

    @classmethod
    def from_national_code(cls, code: int) -> "SkillLevel":
        return cls({5: 20, 4: 30, 3: 40, 2: 50, 1: 60}[code])


# The levels a course can target (the five national levels).
COURSE_LEVELS = [
    (level.value, level.label)
    for level in SkillLevel
    if level.national_code is not None
]


class CertificateKind(models.TextChoices):
    """What a course awards, and what a subsidy can depend on (DOMAIN.md §1.4, §2)."""

    QUALIFICATION = (
        "qualification",
        _("Vocational qualification certificate (职业资格证书)"),
    )
    TRAINING = "training", _("Training certificate (培训合格证书)")
    SPECIAL_ABILITY = (
        "special_ability",
        _("Special-ability certificate (专项职业能力证书)"),
    )
    SKILL_LEVEL = (
        "skill_level",
        _("Vocational skill-level certificate (职业技能等级证书)"),
    )


# Certificates that certify a skill level, and so must name it.
LEVELLED_KINDS = frozenset({CertificateKind.QUALIFICATION, CertificateKind.SKILL_LEVEL})
