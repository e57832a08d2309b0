"""One declaration of the subsidy rules drives both engines: an engine that lacks a
declared rule, or has one the declaration does not know, is refused."""

import types

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.trainees.subsidies.test_rules import EVIDENCE, ON, TERMS
from trainees.subsidies import regional, rules
from trainees.subsidies.rulebook import (
    RULE_CODES,
    RULE_LABELS,
    RULEBOOK,
    build_engine,
    implements,
)
from trainees.subsidies.rules import evaluate


def _engine_module(names):
    module = types.ModuleType("an_engine")
    for name in names:
        setattr(module, name, implements(lambda *args: None))
    return module


def test_each_rule_has_its_own_bit_in_the_declared_order():
    assert [rule.bit for rule in RULEBOOK] == [1 << n for n in range(len(RULEBOOK))]
    assert len(set(RULE_CODES)) == len(RULE_CODES)


def test_both_engines_implement_every_declared_rule_in_order():
    assert [rule for rule, _function in rules.RULES] == list(RULEBOOK)
    assert [rule for rule, _function in regional.RULES] == list(RULEBOOK)
    assert [f.__name__ for _rule, f in rules.RULES] == [r.python for r in RULEBOOK]
    assert [f.__name__ for _rule, f in regional.RULES] == [r.sql for r in RULEBOOK]


def test_the_python_engine_reports_each_rule_under_its_declared_code():
    results = evaluate(EVIDENCE, TERMS, [], on=ON).results
    assert [r.rule for r in results] == RULE_CODES


def test_an_engine_that_lacks_a_declared_rule_is_refused():
    names = [rule.python for rule in RULEBOOK[:-1]]
    with pytest.raises(ImproperlyConfigured, match="missing.*certificate_window"):
        build_engine(_engine_module(names), "python")


def test_an_engine_with_an_undeclared_rule_is_refused():
    names = [rule.sql for rule in RULEBOOK] + ["age_fails"]
    with pytest.raises(ImproperlyConfigured, match="undeclared.*age_fails"):
        build_engine(_engine_module(names), "sql")


def test_a_region_verdict_names_its_failures_with_the_declared_labels():
    verdict = regional.RegionVerdict(1, RULEBOOK[4].bit | RULEBOOK[11].bit, None)
    assert verdict.failed_rules == ["hours", "yearly_cap"]
    assert verdict.failed_labels == [
        str(RULE_LABELS["hours"]),
        str(RULE_LABELS["yearly_cap"]),
    ]
