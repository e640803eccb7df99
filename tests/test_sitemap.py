"""sitemap.xml and robots.txt: every public page listed, and each of them answering."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from resolutions.models import SDG, Document, Edition, Goal, Organization, Session, Theme

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


@pytest.fixture
def listed(client):
    """Every page address the sitemap index leads to, without the host."""
    pages = []
    for section in locations(client, reverse("sitemap-index")):
        pages += [urlsplit(url).path for url in locations(client, section)]
    assert len(pages) == len(set(pages))
    return pages


def test_the_sitemap_lists_every_document(listed):
    documents = Document.objects.real()
    assert documents.count() == 5
    for document in documents:
        assert document.get_absolute_url() in listed


def test_the_sitemap_leaves_out_load_test_records(client):
    Document.objects.create(kind=Document.Kind.NEWS, slug="synthetic-news", title="Generated",
                            year=2020, body="Generated.", synthetic=True)
    pages = []
    for section in locations(client, reverse("sitemap-index")):
        pages += locations(client, section)
    assert "http://testserver/resolutions/synthetic-news/" not in pages


def test_the_sitemap_lists_every_framework_page(listed):
    expected = [
        *(session.get_absolute_url() for session in Session.objects.filter(synthetic=False)),
        *(edition.get_absolute_url() for edition in Edition.objects.all()),
        *(goal.get_absolute_url() for goal in Goal.objects.select_related("edition")),
        *(theme.get_absolute_url() for theme in Theme.objects.all()),
        *(sdg.get_absolute_url() for sdg in SDG.objects.all()),
        *(organization.get_absolute_url() for organization in Organization.objects.all()),
    ]
    assert len(expected) == 14 + 2 + 14 + 5 + 17 + 11
    assert set(expected) <= set(listed)
    for name in ["home", "document-list", "session-list", "goal-list", "goal-compare",
                 "theme-list", "sdg-list", "matrix", "organization-list", "coverage",
                 "api-overview"]:
        assert reverse(name) in listed


def test_every_listed_page_answers(client, listed):
    for path in listed:
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines


def test_sitemap_queries_do_not_grow_with_the_rows(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("sitemap-section", args=["documents"]))
    with django_assert_max_num_queries(2):
        client.get(reverse("sitemap-section", args=["goals"]))


# Page metadata -------------------------------------------------------------------


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[: html.index("</head>")]


def test_every_listed_page_names_itself_canonical(client, listed):
    for path in listed:
        head = head_of(client, path)
        assert head.count('rel="canonical"') == 1, path
        assert f'<link rel="canonical" href="http://testserver{path}">' in head, path


def test_a_filtered_list_points_to_the_list_as_canonical(client):
    head = head_of(client, f"{reverse('document-list')}?year=2017&page=1")
    assert '<link rel="canonical" href="http://testserver/resolutions/">' in head


@pytest.mark.parametrize("path, title, description", [
    ("/resolutions/GA-2017-86-RES-06/", "Taking a Stance on Global Security",
     "Resolution GA-2017-86-RES-06, 86th session, Beijing 2017: Taking a Stance on Global "
     "Security"),
    ("/goals/2017/1/", "Goal 1 (2017)", "Counter the threat of terrorism"),
    ("/sessions/86/", "86th session, Beijing 2017",
     "86th General Assembly session, Beijing, China, 26 September 2017 to 29 September 2017"),
    ("/sdgs/16/", "SDG 16: Peace, Justice and Strong Institutions", "Promote peaceful"),
    ("/organizations/aimc/", "AIMC", "Arab Interior Ministers"),
    ("/themes/data-and-information-sharing/", "Data and information sharing",
     "Data and information sharing"),
])
def test_detail_pages_describe_themselves_for_search_and_sharing(client, path, title,
                                                                 description):
    head = head_of(client, path)
    assert f'<meta property="og:title" content="{title}">' in head
    assert f'<meta name="description" content="{description}' in head
    assert f'<meta property="og:description" content="{description}' in head
    assert f'<meta property="og:url" content="http://testserver{path}">' in head


@pytest.mark.parametrize("path, feed", [
    ("/goals/2017/1/", "/feeds/goals/2017/1/"),
    ("/themes/data-and-information-sharing/", "/feeds/themes/data-and-information-sharing/"),
    ("/sessions/86/", "/feeds/sessions/86/"),
    ("/", "/feeds/documents/"),
])
def test_pages_announce_their_atom_feeds(client, path, feed):
    head = head_of(client, path)
    link = rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">'
    assert re.search(link, head)
