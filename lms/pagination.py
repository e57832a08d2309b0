"""A paginator told its count.

Django's ``Paginator`` counts the rows (``SELECT count(*)``) before it reads the
page. Where the page shows figures that count the same rows already (a leader's
inquiries by state beside the list of them), that count is a statement too many,
on a page read often; ``KnownCountPaginator`` takes the count it is given.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property
