"""Atom feeds: new documents, and the documents of a goal, a theme or a session."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from resolutions.models import Document, Goal, Theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def read_atom(client, url):
    """The parsed feed, checked for the elements RFC 4287 requires."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
        assert feed.find(f"{ATOM}{name}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.find(f"{ATOM}author/{ATOM}name").text
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    if entries:
        # The feed was last updated when its latest entry was.
        latest = max(entry.find(f"{ATOM}updated").text for entry in entries)
        assert feed.find(f"{ATOM}updated").text == latest
    return feed, entries


def entry_links(entries):
    return [entry.find(f"{ATOM}link").get("href") for entry in entries]


def url_of(document):
    return f"http://testserver{document.get_absolute_url()}"


def test_new_documents_feed_lists_every_document_newest_first(client):
    feed, entries = read_atom(client, reverse("feed-documents"))
    documents = Document.objects.real().order_by("-created_at", "-pk")
    assert entry_links(entries) == [url_of(d) for d in documents]
    resolution = next(e for e in entries
                      if e.find(f"{ATOM}title").text.startswith("GA-2017-86-RES-06"))
    assert resolution.find(f"{ATOM}author/{ATOM}name").text == "ICPO-INTERPOL General Assembly"


def test_load_test_documents_stay_out_of_the_feeds(client):
    Document.objects.create(kind=Document.Kind.NEWS, slug="synthetic-news", title="Generated",
                            year=2020, body="Generated.", synthetic=True)
    _, entries = read_atom(client, reverse("feed-documents"))
    assert "http://testserver/resolutions/synthetic-news/" not in entry_links(entries)


def test_a_goal_feed_lists_the_documents_on_that_goal(client):
    goal = Goal.objects.get(edition__year=2017, number=1)
    assert goal.documents.exists()
    feed, entries = read_atom(client, reverse("feed-goal", args=[2017, 1]))
    assert sorted(entry_links(entries)) == sorted(url_of(d) for d in goal.documents.real())
    assert "Goal 1 (2017)" in feed.find(f"{ATOM}title").text


def test_a_theme_feed_lists_the_documents_on_that_theme(client):
    theme = Theme.objects.get(slug="data-and-information-sharing")
    assert theme.documents.exists()
    _, entries = read_atom(client, reverse("feed-theme", args=[theme.slug]))
    assert sorted(entry_links(entries)) == sorted(url_of(d) for d in theme.documents.real())


def test_a_session_feed_lists_the_documents_of_that_session(client):
    _, entries = read_atom(client, reverse("feed-session", args=[86]))
    assert entry_links(entries) == ["http://testserver/resolutions/GA-2017-86-RES-06/"]


def test_a_session_without_documents_has_a_valid_empty_feed(client):
    _, entries = read_atom(client, reverse("feed-session", args=[80]))
    assert entries == []


@pytest.mark.parametrize("name, args", [
    ("feed-goal", [2017, 8]), ("feed-goal", [2019, 1]), ("feed-theme", ["no-such-theme"]),
    ("feed-session", [20]),
])
def test_feeds_of_unknown_records_are_404s(client, name, args):
    assert client.get(reverse(name, args=args)).status_code == 404


def test_feed_queries_do_not_grow_with_the_entries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("feed-documents"))
    with django_assert_max_num_queries(4):
        client.get(reverse("feed-goal", args=[2017, 1]))
