"""Citation export of a document: BibTeX, RIS and CSL-JSON."""

import json
import re

import pytest
from django.urls import reverse

from resolutions.models import Document

pytestmark = pytest.mark.django_db

RESOLUTION = "GA-2017-86-RES-06"
TITLE = "Taking a Stance on Global Security"
BODY = "ICPO-INTERPOL General Assembly"


def cite(client, key, fmt):
    response = client.get(reverse("document-citation", args=[key, fmt]))
    assert response.status_code == 200
    return response, response.content.decode()


def bibtex_fields(text):
    assert text.startswith("@misc{") and text.rstrip().endswith("}")
    return dict(re.findall(r"^  (\w+) = (.*),$", text, re.MULTILINE))


def ris_tags(text):
    lines = text.split("\r\n")
    assert lines[-1] == ""
    tags = [(line[:2], line[6:]) for line in lines[:-1]]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    assert tags[0][0] == "TY" and tags[-1] == ("ER", "")
    return dict(tags)


def test_bibtex_of_a_resolution_holds_symbol_title_date_and_issuing_body(client):
    response, text = cite(client, RESOLUTION, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert text.startswith(f"@misc{{{RESOLUTION},")
    fields = bibtex_fields(text)
    assert fields["number"] == f"{{{RESOLUTION}}}"
    assert fields["title"] == f"{{{{{TITLE}}}}}"
    assert fields["author"] == f"{{{{{BODY}}}}}"
    # No date of its own: the year of the session that adopted it, and the
    # session's dates in the note.
    assert fields["year"] == "{2017}"
    assert "date" not in fields
    assert "86th session of the ICPO-INTERPOL General Assembly" in fields["note"]
    assert "26–29 September 2017" in fields["note"]
    assert fields["url"] == f"{{http://testserver/resolutions/{RESOLUTION}/}}"


def test_ris_of_a_resolution_holds_symbol_title_date_and_issuing_body(client):
    response, text = cite(client, RESOLUTION, "ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    tags = ris_tags(text)
    assert tags["TY"] == "GOVDOC"
    assert tags["M1"] == RESOLUTION
    assert tags["TI"] == TITLE
    assert tags["AU"] == BODY
    assert tags["PY"] == "2017"
    assert tags["T2"] == "86th session of the ICPO-INTERPOL General Assembly"
    assert tags["CY"] == "Beijing, China"


def test_csl_json_of_a_resolution_holds_symbol_title_date_and_issuing_body(client):
    response, text = cite(client, RESOLUTION, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(text)
    assert item["id"] == RESOLUTION
    assert item["number"] == RESOLUTION
    assert item["title"] == TITLE
    assert item["author"] == [{"literal": BODY}]
    assert item["issued"] == {"date-parts": [[2017]]}
    assert item["event-date"] == {"date-parts": [[2017, 9, 26], [2017, 9, 29]]}
    assert item["type"] == "legislation"


def test_a_dated_news_release_is_cited_by_its_own_date(client):
    document = Document.objects.get(kind="news", year=2017)
    _, text = cite(client, document.slug, "json")
    [item] = json.loads(text)
    assert item["issued"] == {"date-parts": [[2017, 5, 3]]}
    assert item["author"] == [{"literal": "INTERPOL"}]
    assert "number" not in item and "event-date" not in item
    fields = bibtex_fields(cite(client, document.slug, "bib")[1])
    assert fields["date"] == "{2017-05-03}"
    assert fields["month"] == "may"
    assert ris_tags(cite(client, document.slug, "ris")[1])["DA"] == "2017/05/03/"


def test_bibtex_escapes_its_special_characters(client):
    Document.objects.create(kind=Document.Kind.NEWS, slug="2021-01-05-budget-news", year=2021,
                            title="Budget & reserves: 100% {draft} #2", body="Text.")
    fields = bibtex_fields(cite(client, "2021-01-05-budget-news", "bib")[1])
    assert fields["title"] == r"{{Budget \& reserves: 100\% \{draft\} \#2}}"


def test_a_symbol_in_lower_case_finds_the_document(client):
    _, text = cite(client, RESOLUTION.lower(), "ris")
    assert ris_tags(text)["M1"] == RESOLUTION


@pytest.mark.parametrize("key", ["GA-2017-86-RES-99", "no-such-document", "x" * 200])
def test_an_unknown_document_has_no_citation(client, key):
    assert client.get(reverse("document-citation", args=[key, "bib"])).status_code == 404


def test_the_document_page_has_a_cite_box(client):
    page = client.get(reverse("document-detail", args=[RESOLUTION])).content.decode()
    assert 'id="cite-heading"' in page
    for fmt in ("bib", "ris", "json"):
        assert f'href="/resolutions/{RESOLUTION}/cite.{fmt}"' in page
    # The reference to copy, and the BibTeX entry as the download gives it.
    assert (f"ICPO-INTERPOL General Assembly. {TITLE}. Resolution {RESOLUTION}, 86th session of "
            "the ICPO-INTERPOL General Assembly, Beijing, China, 26–29 September 2017.") in page
    _, bibtex = cite(client, RESOLUTION, "bib")
    assert f'<pre class="cite-bibtex">{bibtex}</pre>' in page
