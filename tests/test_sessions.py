import datetime

import pytest
from django.urls import reverse

from resolutions.models import Document, Session

pytestmark = pytest.mark.django_db


def make_documents(count, prefix="session-doc", **fields):
    fields.setdefault("kind", Document.Kind.RESOLUTION)
    fields.setdefault("year", 2017)
    return Document.objects.bulk_create(
        Document(slug=f"{prefix}-{i}", title=f"{prefix.title()} number {i}", body="Text.",
                 **fields)
        for i in range(count)
    )


def test_session_list_gives_number_year_place_dates_and_document_count(client):
    beijing = Session.objects.get(number=86)
    make_documents(3, session=beijing)
    make_documents(2, prefix="synthetic", session=beijing, synthetic=True)
    response = client.get(reverse("session-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>General Assembly sessions" in page
    row = page[page.index('href="/sessions/86/"'):]
    row = row[:row.index("</tr>")]
    assert "2017" in row and "Beijing" in row and "China" in row
    assert "26 Sep 2017 – 29 Sep 2017" in row
    # The seed resolution GA-2017-86-RES-06 and the three above; synthetic ones are not counted.
    assert '<td class="number">4</td>' in row
    assert 'href="/sessions/93/"' in page and "Marrakech" in page


def test_session_list_shows_the_year_without_a_session_where_it_falls(client):
    page = client.get(reverse("session-list")).content.decode()
    gap = page.index("No session was held in 2020.")
    assert page.index('href="/sessions/88/"') < gap < page.index('href="/sessions/89/"')
    assert '<a href="/sessions/89/#note">The note on session 89</a> explains why.' in page
    # Only 2020 is missing between 2011 and 2025.
    assert page.count("No session was held in") == 1


def test_synthetic_sessions_stay_out_of_the_list_and_have_no_page(client):
    Session.objects.create(number=150, city="Testville", country="Nowhere", synthetic=True,
                           start_date=datetime.date(2090, 1, 1),
                           end_date=datetime.date(2090, 1, 2))
    assert "Testville" not in client.get(reverse("session-list")).content.decode()
    assert client.get(reverse("session-detail", args=[150])).status_code == 404


def test_session_detail_gives_venue_dates_note_source_and_edition(client):
    response = client.get(reverse("session-detail", args=[86]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>86th session, Beijing 2017" in page
    assert "86th General Assembly session" in page
    assert "Beijing, China" in page
    assert "26 September 2017 – 29 September 2017" in page
    assert "Approved the seven Global Policing Goals." in page
    assert 'href="https://armenpress.am/eng/news/906612/"' in page
    assert '<a href="/goals/2017/">Global Policing Goals (2017)</a>' in page


def test_session_89_explains_the_missing_2020_session(client):
    page = client.get(reverse("session-detail", args=[89])).content.decode()
    assert 'id="note"' in page
    assert "No session was held in 2020." in page
    assert "Istanbul" in page


def test_session_detail_lists_its_documents_and_only_real_ones(client):
    vienna = Session.objects.get(number=91)
    make_documents(2, prefix="vienna-paper", session=vienna, year=2023)
    make_documents(1, prefix="load-test", session=vienna, year=2023, synthetic=True)
    page = client.get(reverse("session-detail", args=[91])).content.decode()
    assert "GA-2023-91-RES-12" in page
    assert "Vienna-Paper number 0" in page and "Vienna-Paper number 1" in page
    assert "Load-Test" not in page
    assert "3 documents" in page
    assert '<a href="/goals/2023/">Global Policing Goals, 2023 revision</a>' in page


def test_session_without_documents_says_so(client):
    page = client.get(reverse("session-detail", args=[80])).content.decode()
    assert "No document of this session is in the base yet." in page


def test_unknown_session_is_a_404(client):
    assert client.get("/sessions/999/").status_code == 404
    assert client.get("/sessions/abc/").status_code == 404


def test_session_pages_have_breadcrumbs_and_mark_the_section(client):
    page = client.get(reverse("session-detail", args=[86])).content.decode()
    assert '<nav class="breadcrumbs"' in page
    assert '<a href="/sessions/">General Assembly sessions</a>' in page
    assert '<a href="/sessions/" aria-current="true">Sessions</a>' in page
    listing = client.get(reverse("session-list")).content.decode()
    assert '<a href="/sessions/" aria-current="page">Sessions</a>' in listing


def test_session_pages_query_count_does_not_grow_with_documents(
        client, django_assert_max_num_queries):
    beijing = Session.objects.get(number=86)
    make_documents(60, session=beijing)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("session-detail", args=[86]))
    assert response.status_code == 200
    # A page holds 25 documents, with links to the next ones.
    page = response.content.decode()
    listing = page[page.index('<ul class="document-list">'):]
    assert listing[:listing.index("</ul>")].count("<li>") == 25
    assert "61 documents" in page and "Page 1 of 3" in page
    with django_assert_max_num_queries(4):
        assert client.get(reverse("session-list")).status_code == 200


def test_a_page_number_out_of_range_shows_the_last_page(client):
    make_documents(30, session=Session.objects.get(number=86))
    response = client.get(reverse("session-detail", args=[86]), {"page": "99"})
    assert response.status_code == 200
    assert "Page 2 of 2" in response.content.decode()
    assert client.get(reverse("session-detail", args=[86]), {"page": "x"}).status_code == 200
