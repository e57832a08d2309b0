"""The public course catalogue: filters, search, pagination, and a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CatalogueIndexPage, EnrolmentPolicy, TrainingMode
from lms.ich import IchCategory
from lms.skills import SkillLevel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return CatalogueIndexPage.objects.get()


@pytest.fixture
def courses():
    shujin = factories.institution("510104", "蜀锦学校")
    zhubian = factories.institution("520102", "竹编学校")
    return {
        "embroidery": factories.course(
            shujin,
            title="蜀绣针法入门",
            craft="蜀绣",
            ich_category=IchCategory.TRADITIONAL_ART,
            skill_level=SkillLevel.LEVEL_5,
        ),
        "brocade": factories.course(
            shujin,
            title="蜀锦织造现场课",
            mode=TrainingMode.ONSITE,
            craft="蜀锦",
            ich_category=IchCategory.TRADITIONAL_CRAFTS,
            skill_level=SkillLevel.LEVEL_4,
        ),
        "bamboo": factories.course(
            zhubian,
            title="竹编订单班",
            mode=TrainingMode.ORDER_BASED,
            craft="竹编",
            ich_category=IchCategory.TRADITIONAL_CRAFTS,
            enrolment_policy=EnrolmentPolicy.COHORT,
        ),
    }


def titles(response):
    return {course.title for course in response.context["courses"]}


def test_the_catalogue_lists_every_live_course(client, catalogue, courses):
    response = client.get(catalogue.url)
    assert titles(response) == {"蜀绣针法入门", "蜀锦织造现场课", "竹编订单班"}


def test_an_unpublished_course_is_not_listed(client, catalogue, courses):
    courses["brocade"].unpublish()
    assert "蜀锦织造现场课" not in titles(client.get(catalogue.url))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"mode": "onsite"}, {"蜀锦织造现场课"}),
        ({"category": "VIII"}, {"蜀锦织造现场课", "竹编订单班"}),
        ({"craft": "竹"}, {"竹编订单班"}),
        ({"level": str(SkillLevel.LEVEL_5.value)}, {"蜀绣针法入门"}),
        ({"region": "510000"}, {"蜀绣针法入门", "蜀锦织造现场课"}),
        ({"region": "520102"}, {"竹编订单班"}),
        ({"mode": "onsite", "region": "520000"}, set()),
    ],
)
def test_filters_narrow_the_list(client, catalogue, courses, query, expected):
    assert titles(client.get(catalogue.url, query)) == expected


def test_filter_by_institution(client, catalogue, courses):
    school = courses["bamboo"].institution
    assert titles(client.get(catalogue.url, {"institution": school.pk})) == {
        "竹编订单班"
    }


def test_search_finds_by_words_in_the_title(client, catalogue, courses):
    assert titles(client.get(catalogue.url, {"q": "蜀锦"})) == {"蜀锦织造现场课"}


def test_search_and_filters_combine(client, catalogue, courses):
    response = client.get(catalogue.url, {"q": "蜀锦", "mode": "distance"})
    assert titles(response) == set()


def test_a_bad_filter_value_is_ignored_not_an_error(client, catalogue, courses):
    response = client.get(catalogue.url, {"level": "abc", "mode": "teleport"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_the_list_is_paginated(client, catalogue):
    school = factories.institution("510104")
    for n in range(catalogue.per_page + 2):
        factories.course(school, title=f"课程{n:02d}")
    first = client.get(catalogue.url)
    second = client.get(catalogue.url, {"page": 2})
    assert len(first.context["courses"]) == catalogue.per_page
    assert len(second.context["courses"]) == 2
    assert "page=2" in first.text


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "课程", "mode": "distance"}])
def test_catalogue_queries_do_not_grow_with_the_courses(client, catalogue, params):
    school = factories.institution("510104")
    for n in range(3):
        factories.course(school, title=f"课程{n}")
    few = _count_queries(client, catalogue.url, params)
    other = factories.institution("510105")
    for n in range(9):
        factories.course(other if n % 2 else school, title=f"更多课程{n}")
    assert _count_queries(client, catalogue.url, params) == few
