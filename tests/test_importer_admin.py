"""The admin's "Import document" page: paste or upload, preview, confirm."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resolutions.models import Clause, Document, Session

pytestmark = pytest.mark.django_db

URL = "/admin/resolutions/document/import/"
GOLDEN = Path(__file__).parent / "importer_golden"
SYNTHETIC = (GOLDEN / "synthetic-ga-2019-bullets-no-status.txt").read_text(encoding="utf-8")
SEED = (Path(__file__).parents[1] / "fixtures" / "documents" / "GA-2017-86-RES-06.txt")


def staff(*codenames):
    user = User.objects.create_user("editor", password=None, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="resolutions", codename__in=codenames))
    return user


@pytest.fixture
def editor(client):
    client.force_login(staff("add_document", "change_document", "view_document"))
    return client


def test_the_route_is_named_for_links_from_the_changelist():
    assert reverse("document-import") == URL


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_the_right_to_add_documents_are_refused(client):
    client.force_login(staff("view_document"))
    assert client.get(URL).status_code == 403


def test_the_empty_form(editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = editor.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="text"' in page and 'name="upload"' in page and "csrfmiddlewaretoken" in page
    assert "Import document" in page


def test_pasted_text_is_previewed_and_nothing_is_written(editor, django_assert_max_num_queries):
    before = Document.objects.count()
    with django_assert_max_num_queries(40):
        response = editor.post(URL, {"text": SYNTHETIC, "kind": "", "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "GA-2019-88-RES-99 will be created." in page
    for lead in ["NOTING WITH APPRECIATION", "IS OF THE OPINION", "TAKES NOTE OF",
                 "CALLS UPON"]:
        assert f"<strong>{lead}</strong>" in page
    assert page.index("NOTING WITH APPRECIATION") < page.index("CALLS UPON")
    assert "a first bulleted point;" in page
    assert "GA-2017-86-RES-06 (notes)" in page
    assert 'id="confirm-import"' in page
    assert Document.objects.count() == before


def test_confirming_imports_the_document(editor):
    response = editor.post(URL, {"text": SYNTHETIC, "source": "", "kind": "", "confirm": "1"})
    document = Document.objects.get(symbol="GA-2019-88-RES-99")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:resolutions_document_change",
                                           args=[document.pk])
    assert document.source == "pasted-text.txt"
    assert document.session.number == 88
    assert Clause.objects.filter(document=document, kind="item").count() == 2
    follow = editor.get(response["Location"])
    assert "GA-2019-88-RES-99: created." in follow.content.decode()


def test_an_uploaded_file_is_previewed_and_keeps_its_name(editor):
    upload = SimpleUploadedFile("GA-2017-86-RES-06.txt", SEED.read_bytes(), "text/plain")
    response = editor.post(URL, {"upload": upload, "text": "", "preview": "1"})
    page = response.content.decode()
    assert "GA-2017-86-RES-06 is already in the base exactly as this text gives it" in page
    assert 'id="confirm-import"' not in page
    # The one SDG the resolution names, and no goal: it names none by its title.
    assert "SDG 16: " in page and "SDG 17: " not in page
    assert "<dt>Goals</dt>\n        <dd>None named.</dd>" in page


def test_an_edited_seed_shows_what_would_change(editor):
    text = SEED.read_text(encoding="utf-8").replace("Taking a Stance", "Taking A Stance")
    response = editor.post(URL, {"text": text, "preview": "1"})
    page = response.content.decode()
    assert "GA-2017-86-RES-06 is already in the base and will be updated: title, body" in page


def test_updating_needs_the_right_to_change_documents(client):
    client.force_login(staff("add_document"))
    text = SEED.read_text(encoding="utf-8").replace("Taking a Stance", "Taking A Stance")
    response = client.post(URL, {"text": text, "source": "x.txt", "confirm": "1"})
    assert response.status_code == 200
    assert "you may add documents but not change them" in response.content.decode()
    assert Document.objects.get(symbol="GA-2017-86-RES-06").title == (
        "Taking a Stance on Global Security")


def test_a_malformed_text_gets_a_message_naming_the_line(editor):
    text = SEED.read_text(encoding="utf-8").replace("GA-2017-86-RES-06\n", "\n")
    response = editor.post(URL, {"text": text, "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was written" in page
    assert "Line 11: no document symbol" in page


def test_a_session_mismatch_on_confirm_writes_nothing(editor):
    text = SEED.read_text(encoding="utf-8").replace("Beijing, China", "Paris, France")
    response = editor.post(URL, {"text": text, "confirm": "1"})
    assert response.status_code == 200
    assert "Line 11: the text places the 86th session in Paris" in response.content.decode()
    assert Session.objects.get(number=86).city == "Beijing"


@pytest.mark.parametrize(("data", "message"), [
    ({"text": ""}, "Paste the text of a document or upload a .txt file."),
    ({"text": "x", "upload": SimpleUploadedFile("a.txt", b"y")},
     "Paste a text or upload a file, not both."),
    ({"upload": SimpleUploadedFile("a.pdf", b"%PDF")}, "whose name ends in .txt"),
    ({"upload": SimpleUploadedFile("a.txt", b"\x00\x01\x02")},
     "a.txt, line 1: not a text file: it holds binary data"),
    ({"upload": SimpleUploadedFile("a.txt", b"")}, "The submitted file is empty."),
])
def test_bad_input_is_a_form_message(editor, data, message):
    response = editor.post(URL, {**data, "preview": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_posts_need_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff("add_document"))
    assert client.post(URL, {"text": SYNTHETIC, "confirm": "1"}).status_code == 403
    assert not Document.objects.filter(symbol="GA-2019-88-RES-99").exists()


def test_the_text_is_escaped_in_the_preview(editor):
    text = SYNTHETIC.replace("CALLS UPON member countries",
                             "CALLS UPON <script>alert(1)</script> member countries")
    page = editor.post(URL, {"text": text, "preview": "1"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
