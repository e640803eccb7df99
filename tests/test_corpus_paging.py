"""Pages found from the counts per year hold the rows plain OFFSET paging gives."""

import pytest
from django.core.paginator import Paginator

from resolutions.filters import ORDERINGS
from resolutions.models import Document
from resolutions.paging import YearPaginator

from .test_query_counts import large_corpus  # noqa: F401  (a fixture)

PER_PAGE = 20


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_every_page_matches_offset_paging(sort, large_corpus, db):  # noqa: F811
    documents = Document.objects.filter(kind="resolution").order_by(*ORDERINGS[sort])
    plain = Paginator(documents, PER_PAGE)
    by_year = YearPaginator(documents, PER_PAGE, documents.year_counts(),
                            descending=sort == "newest")
    assert by_year.count == plain.count
    assert by_year.num_pages == plain.num_pages > 30
    # Pages straddling year boundaries, the first and the last one.
    for number in {1, 2, 7, 8, 9, 23, plain.num_pages - 1, plain.num_pages}:
        assert ([d.pk for d in by_year.page(number)]
                == [d.pk for d in plain.page(number)]), number


def test_an_empty_list_has_one_empty_page(db):
    paginator = YearPaginator(Document.objects.none(), PER_PAGE, {}, descending=True)
    page = paginator.get_page(5)
    assert page.number == 1
    assert list(page) == []
