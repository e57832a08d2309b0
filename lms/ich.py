"""The ten national categories of intangible cultural heritage (非遗十大门类),
numbered Ⅰ–Ⅹ as in national item codes such as Ⅷ-25 (DOMAIN.md §3.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IchCategory(models.TextChoices):
    FOLK_LITERATURE = "I", _("Folk literature (民间文学)")
    TRADITIONAL_MUSIC = "II", _("Traditional music (传统音乐)")
    TRADITIONAL_DANCE = "III", _("Traditional dance (传统舞蹈)")
    TRADITIONAL_DRAMA = "IV", _("Traditional drama (传统戏剧)")
    QUYI = "V", _("Quyi storytelling and singing (曲艺)")
    SPORTS_GAMES_ACROBATICS = (
        "VI",
        _("Traditional sports, games and acrobatics (传统体育、游艺与杂技)"),
    )
    TRADITIONAL_ART = "VII", _("Traditional art (传统美术)")
    TRADITIONAL_CRAFTS = "VIII", _("Traditional craftsmanship (传统技艺)")
    TRADITIONAL_MEDICINE = "IX", _("Traditional medicine (传统医药)")
    FOLK_CUSTOMS = "X", _("Folk customs (民俗)")
