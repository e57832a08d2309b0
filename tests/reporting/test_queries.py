"""The dashboard's number of queries does not grow with regions or rows."""

import pytest
from django.utils import timezone

from reporting.figures import region_dashboard
from tests.reporting.factories import county_rows

pytestmark = pytest.mark.django_db

# Two or three queries a source, the review deadlines' three, the region names.
MAX_QUERIES = 40


def test_one_county_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    county_rows("510104")
    with django_assert_max_num_queries(MAX_QUERIES):
        region_dashboard("510000", today=timezone.localdate())


def test_five_counties_and_more_claims_take_the_same_bound(
    django_assert_max_num_queries,
):
    for code in ("510104", "510105", "510106", "510603", "510703"):
        county_rows(code, claims=3)
    with django_assert_max_num_queries(MAX_QUERIES):
        region_dashboard("510000", today=timezone.localdate())
