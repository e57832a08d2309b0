"""The fixed layout of the statistical table 非遗工坊建设情况统计: its tables, their
columns and their Chinese headings, as the table is filed (a form, like a national
statistics form, so the headings are not translated), and the sums of its rows.

Counts are integers; hours and yuan are decimals, kept as text in the snapshot so
that a report shown again years later adds up to the same fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lms.ich import IchCategory

INT = "int"
DECIMAL = "decimal"  # two places, stored as text


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = INT


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    note: str = ""

    def empty(self) -> dict:
        return {c.key: (0 if c.kind == INT else "0.00") for c in self.columns}


CATEGORY_HEADINGS = {
    IchCategory.FOLK_LITERATURE: "民间文学",
    IchCategory.TRADITIONAL_MUSIC: "传统音乐",
    IchCategory.TRADITIONAL_DANCE: "传统舞蹈",
    IchCategory.TRADITIONAL_DRAMA: "传统戏剧",
    IchCategory.QUYI: "曲艺",
    IchCategory.SPORTS_GAMES_ACROBATICS: "传统体育、游艺与杂技",
    IchCategory.TRADITIONAL_ART: "传统美术",
    IchCategory.TRADITIONAL_CRAFTS: "传统技艺",
    IchCategory.TRADITIONAL_MEDICINE: "传统医药",
    IchCategory.FOLK_CUSTOMS: "民俗",
}
CRAFT_ONLY = "craft"

TABLES = (
    Table(
        "workshops",
        "表1 非遗工坊建设情况",
        (
            Column("identified", "本期认定工坊（个）"),
            Column("active", "期末在册工坊（个）"),
            Column("cancelled", "本期取消资格（个）"),
            Column("in_library", "期末在册且入项目库（个）"),
            Column("library_new", "其中本期新入库（个）"),
            Column("employed", "吸纳就业（人）"),
            Column("poverty_alleviated", "其中脱贫人口（人）"),
            Column("monitoring_targets", "其中监测帮扶对象（人）"),
        ),
        note="就业人数取工坊本年度就业登记。",
    ),
    Table(
        "categories",
        "表2 期末在册工坊按非遗门类分",
        tuple(
            Column(f"cat_{category.value}", heading)
            for category, heading in CATEGORY_HEADINGS.items()
        )
        + (Column(CRAFT_ONLY, "依托传统工艺（未列入名录）"),),
        note="依托多个门类项目的工坊在各门类分别计数。",
    ),
    Table(
        "training",
        "表3 培训与补贴情况",
        (
            Column("trainees", "结业学员（人）"),
            Column("completions", "结业人次"),
            Column("verified_hours", "核验学时（小时）", DECIMAL),
            Column("certificates", "颁发证书（本）"),
            Column("claims_approved", "审核通过补贴（笔）"),
            Column("amount_approved", "审核通过金额（元）", DECIMAL),
            Column("claims_paid", "已发放补贴（笔）"),
            Column("amount_paid", "已发放金额（元）", DECIMAL),
        ),
        note="学时为核验观看时长与签到出勤时长之和。",
    ),
)
TABLES_BY_KEY = {table.key: table for table in TABLES}


def empty_figures() -> dict[str, dict]:
    return {table.key: table.empty() for table in TABLES}


def money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def add_figures(total: dict[str, dict], part: dict[str, dict]) -> dict[str, dict]:
    """``total`` plus ``part``, table by table and column by column."""
    result = {}
    for table in TABLES:
        mine, theirs = total.get(table.key, {}), part.get(table.key, {})
        result[table.key] = {
            c.key: (
                int(mine.get(c.key, 0)) + int(theirs.get(c.key, 0))
                if c.kind == INT
                else money(
                    Decimal(mine.get(c.key, "0")) + Decimal(theirs.get(c.key, "0"))
                )
            )
            for c in table.columns
        }
    return result


def layout_of_snapshot() -> list[dict]:
    """The tables as the snapshot keeps them, so that a later change of layout
    does not change how a filed report reads."""
    return [
        {
            "key": table.key,
            "title": table.title,
            "note": table.note,
            "columns": [
                {"key": c.key, "heading": c.heading, "kind": c.kind}
                for c in table.columns
            ],
        }
        for table in TABLES
    ]
