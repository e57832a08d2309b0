"""KnownCountPaginator: Django's pages, without a count query of their own."""

import pytest
from django.core.paginator import Paginator

from lms.models import Region
from lms.pagination import KnownCountPaginator

pytestmark = pytest.mark.django_db


def chengdu():
    return Region.objects.filter(code__startswith="5101").order_by("code")


def test_a_page_reads_its_rows_and_no_count(django_assert_num_queries):
    total = chengdu().count()
    expected = Paginator(chengdu(), 5).get_page(2)
    with django_assert_num_queries(1):
        page = KnownCountPaginator(chengdu(), 5, count=total).get_page(2)
        codes = [region.code for region in page]
    assert codes == [region.code for region in expected]
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert (page.number, page.has_previous(), page.has_next()) == (2, True, True)


@pytest.mark.parametrize("asked", ["999", "-3", "zwei", None])
def test_a_page_number_out_of_range_or_not_a_number_gives_what_django_gives(asked):
    total = chengdu().count()
    expected = Paginator(chengdu(), 5).get_page(asked)
    page = KnownCountPaginator(chengdu(), 5, count=total).get_page(asked)
    assert page.number == expected.number
    assert [r.code for r in page] == [r.code for r in expected]


def test_no_rows_give_an_empty_first_page():
    page = KnownCountPaginator(Region.objects.none(), 5, count=0).get_page(1)
    assert (page.number, page.paginator.count, list(page)) == (1, 0, [])
