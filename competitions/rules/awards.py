"""Award rules (奖项规则): which entries get which award, and who is promoted.

Two ship: the national competition's rule and a percentage rule for local
contests (DOMAIN.md §5.2). A competition names one by key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competitions.choices import AwardKind, SkillLevel
from competitions.rules.ranking import Ranked

AWARD_RULES: dict[str, type[AwardRule]] = {}


def register_award_rule(cls: type[AwardRule]) -> type[AwardRule]:
    AWARD_RULES[cls.key] = cls
    return cls


def award_rule_choices() -> list[tuple[str, str]]:
    return [(key, cls.label) for key, cls in AWARD_RULES.items()]


def get_award_rule(key: str) -> AwardRule:
    return AWARD_RULES[key]()


class AwardRule:
    key = ""
    label = ""

    def awards(
        self, ranked: Sequence[Ranked], *, team_size: int = 1
    ) -> dict[int, list[AwardKind]]:
        """Award kinds by entry id, for every entry that gets at least one."""
        raise NotImplementedError

    def promotion(
        self, kinds: Collection[AwardKind], level: SkillLevel
    ) -> SkillLevel | None:
        """The skill level a competitor with these awards is promoted to, if any."""
        return None


MEDALS = {1: AwardKind.GOLD, 2: AwardKind.SILVER, 3: AwardKind.BRONZE}
PROMOTING = {*MEDALS.values(), AwardKind.EXCELLENCE}


@register_award_rule
class NationalRule(AwardRule):
    """中华人民共和国职业技能大赛: gold, silver and bronze to ranks 1–3; 优胜奖 below
    3rd within the top half (rank ≤ entrants / 2); 技术能手 to the top 5 (top 3
    pairs, top 2 teams of three or more); 优胜奖 or better promotes to 技师, or to
    高级技师 if already 技师. Ranks are never shared (选手排名不并列): a tie that the
    competition's tie-breakers leave anywhere within the award places is refused,
    so no award is ever given to more entries than it has places."""

    key = "national"
    label = _("national competition: medals, excellence, technical experts")

    def awards(
        self, ranked: Sequence[Ranked], *, team_size: int = 1
    ) -> dict[int, list[AwardKind]]:
        experts = 5 if team_size == 1 else 3 if team_size == 2 else 2
        # The last place that earns anything: a medal, 优胜奖 or 技术能手.
        places = max(len(MEDALS), experts, len(ranked) // 2)
        shared = Counter(r.rank for r in ranked)
        tied = sorted(r for r, count in shared.items() if count > 1 and r <= places)
        if tied:
            raise ValidationError(
                _(
                    "%(count)s entries are still tied for rank %(rank)s, within the "
                    "%(places)s award places, and ranks may not be shared "
                    "(选手排名不并列): add a tie-breaker that separates them."
                ),
                code="tied_rank",
                params={"count": shared[tied[0]], "rank": tied[0], "places": places},
            )
        result: dict[int, list[AwardKind]] = {}
        for entry in ranked:
            kinds = []
            if entry.rank in MEDALS:
                kinds.append(MEDALS[entry.rank])
            elif 2 * entry.rank <= len(ranked):
                kinds.append(AwardKind.EXCELLENCE)
            if entry.rank <= experts:
                kinds.append(AwardKind.TECHNICAL_EXPERT)
            if kinds:
                result[entry.entry_id] = kinds
        return result

    def promotion(
        self, kinds: Collection[AwardKind], level: SkillLevel
    ) -> SkillLevel | None:
        if not PROMOTING.intersection(kinds):
            return None
        if level == SkillLevel.LEVEL_2:
            return SkillLevel.LEVEL_1
        if level == SkillLevel.LEVEL_1:
            return None  # already at the top of the five levels
        return SkillLevel.LEVEL_2


@register_award_rule
class PercentageRule(AwardRule):
    """一/二/三等奖 to at most 10 % / 20 % / 30 % of entrants.

    Quotas are cumulative and rounded down (25 entrants: 2 first, 5 second, 8 third
    prizes), and a tie is never split: a tied group gets a prize only if all of it
    fits within that prize's quota, so no quota is ever exceeded.
    """

    key = "percentage"
    label = _("percentage: first, second, third prizes to 10/20/30 %")
    BANDS = (
        (AwardKind.FIRST_PRIZE, 10),
        (AwardKind.SECOND_PRIZE, 20),
        (AwardKind.THIRD_PRIZE, 30),
    )

    def awards(
        self, ranked: Sequence[Ranked], *, team_size: int = 1
    ) -> dict[int, list[AwardKind]]:
        entrants = len(ranked)
        caps, percent = [], 0
        for kind, share in self.BANDS:
            percent += share
            caps.append((kind, entrants * percent // 100))
        shared = Counter(r.rank for r in ranked)
        result: dict[int, list[AwardKind]] = {}
        for entry in ranked:
            last_position = entry.rank + shared[entry.rank] - 1
            kind = next((k for k, cap in caps if last_position <= cap), None)
            if kind:
                result[entry.entry_id] = [kind]
        return result
