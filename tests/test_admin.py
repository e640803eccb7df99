"""The admin for superusers: every model browsable, clear form errors instead of a 500."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from resolutions.models import SDG, Document, Goal, GoalSDGLink, GoalTitle

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The values a browser would submit from one form of a page."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.removeprefix("\n") if not self.data[
                self.textarea] else data


def form_data(response, form_id):
    """The fields of the form `form_id` in a page, as the browser would post them unchanged."""
    assert response.status_code == 200, response.status_code
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = {name: value for name, value in parser.data.items() if name}
    assert data, f"no form #{form_id} in the page"
    return data


def inline_row(data, prefix, field, value):
    """The index of the inline row whose `field` holds `value`."""
    for name, current in data.items():
        if name.startswith(f"{prefix}-") and name.endswith(f"-{field}") and current == value:
            return int(name.split("-")[1])
    raise AssertionError(f"no {prefix} row with {field}={value!r}")


def add_inline_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for field, value in fields.items():
        data[f"{prefix}-{index}-{field}"] = value
    return data


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "unused-Pw-1")
    client.force_login(user)
    return client


def goal(year, number):
    return Goal.objects.get(edition__year=year, number=number)


SOURCE = "https://www.interpol.int/Who-we-are/Strategy/Global-Policing-Goals"


@pytest.mark.parametrize("model", [
    "session", "meeting", "organization", "programme", "edition", "goal", "goaltitle", "subgoal",
    "subgoaltext", "theme", "sdg", "sdgtarget", "goalsdglink", "document", "clause", "citation",
])
def test_every_model_has_a_changelist_with_search(admin_client, model,
                                                  django_assert_max_num_queries):
    url = reverse(f"admin:resolutions_{model}_changelist")
    # Whole lists (every fixture row on one page) and a search: no query per row.
    for query in [{}, {"q": "police"}]:
        with django_assert_max_num_queries(8):
            response = admin_client.get(url, query)
        assert response.status_code == 200
        assert b'id="searchbar"' in response.content


def test_goal_list_shows_titles_counts_and_filters_by_edition(admin_client,
                                                               django_assert_max_num_queries):
    url = reverse("admin:resolutions_goal_changelist")
    with django_assert_max_num_queries(10):
        response = admin_client.get(url, {"edition__id__exact": "2017"})
    page = response.content.decode()
    assert "Counter the threat of terrorism" in page
    assert "Promote border integrity worldwide" in page
    assert response.context["cl"].result_count == 7
    # The 2023 titles are known only in some languages: the language is shown.
    response = admin_client.get(url, {"edition__id__exact": "2023"})
    assert "(French)" in response.content.decode()


def test_goal_search_finds_a_goal_by_its_title(admin_client):
    response = admin_client.get(reverse("admin:resolutions_goal_changelist"),
                                {"q": "terrorism"})
    # "terrorism" also matches the French "terrorisme" of the 2023 goal 1.
    found = [(g.edition.year, g.number) for g in response.context["cl"].result_list]
    assert found == [(2017, 1), (2023, 1)]


def test_link_list_filters_by_relation(admin_client):
    response = admin_client.get(reverse("admin:resolutions_goalsdglink_changelist"),
                                {"relation__exact": "direct"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == GoalSDGLink.objects.filter(
        relation="direct").count()


def test_goal_page_has_its_parts_inline_in_order(admin_client, django_assert_max_num_queries):
    the_goal = goal(2017, 3)
    with django_assert_max_num_queries(16):
        response = admin_client.get(change_url(the_goal))
    data = form_data(response, "goal_form")
    codes = [data[f"sub_goals-{i}-code"] for i in range(int(data["sub_goals-TOTAL_FORMS"]))]
    assert codes == sorted(codes, key=lambda c: [int(p) for p in c.split(".")])
    assert codes == [s.code for s in the_goal.sub_goals.all()]
    assert data["titles-0-text"] == the_goal.title.text
    assert int(data["sdg_links-TOTAL_FORMS"]) == the_goal.sdg_links.count()
    assert b"View on site" in response.content


def test_sub_goal_and_link_pages_link_to_the_public_goal(admin_client):
    the_goal = goal(2017, 1)
    goal_type = ContentType.objects.get_for_model(Goal)
    view_on_site = reverse("admin:view_on_site", args=[goal_type.pk, the_goal.pk])
    for part in [the_goal.sub_goals.first(), the_goal.sdg_links.first(), the_goal.titles.first()]:
        page = admin_client.get(change_url(part)).content.decode()
        assert f'href="{view_on_site}"' in page, part


def post_goal(admin_client, the_goal, change):
    """Submit the goal's admin page as shown, after `change` edits the posted fields."""
    data = form_data(admin_client.get(change_url(the_goal)), "goal_form")
    change(data)
    return admin_client.post(change_url(the_goal), data)


def test_duplicate_sub_goal_number_in_one_submission_is_a_form_error(admin_client):
    the_goal = goal(2017, 1)
    before = the_goal.sub_goals.count()

    def add_two(data):
        for _ in range(2):
            add_inline_row(data, "sub_goals", code="1.9")

    response = post_goal(admin_client, the_goal, add_two)
    assert response.status_code == 200
    assert "This goal already has a sub-goal with this number." in response.content.decode()
    assert the_goal.sub_goals.count() == before


def test_sub_goal_number_already_taken_is_a_form_error(admin_client):
    the_goal = goal(2017, 1)
    response = post_goal(admin_client, the_goal,
                         lambda data: add_inline_row(data, "sub_goals", code="1.1"))
    assert response.status_code == 200
    assert "This goal already has a sub-goal with this number." in response.content.decode()

    response = admin_client.post(reverse("admin:resolutions_subgoal_add"), {
        "goal": the_goal.pk, "code": "1.2", "note": "",
        "texts-TOTAL_FORMS": "0", "texts-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "This goal already has a sub-goal with this number." in response.content.decode()


def test_badly_shaped_sub_goal_number_is_a_form_error(admin_client):
    response = post_goal(admin_client, goal(2017, 2),
                         lambda data: add_inline_row(data, "sub_goals", code="two"))
    assert response.status_code == 200
    assert "A sub-goal number looks like 1.1 or 3.4." in response.content.decode()


def test_second_title_in_one_language_is_a_form_error(admin_client):
    the_goal = goal(2017, 4)
    response = post_goal(admin_client, the_goal, lambda data: add_inline_row(
        data, "titles", language="en", text="Another title", source=SOURCE))
    assert response.status_code == 200
    assert "This goal already has a title in this language." in response.content.decode()
    assert the_goal.titles.count() == 1


@pytest.mark.parametrize("number", ["0", "18"])
def test_sdg_number_outside_1_to_17_is_a_form_error(admin_client, number):
    sdg = SDG.objects.get(number=16)
    data = form_data(admin_client.get(change_url(sdg)), "sdg_form")
    data["number"] = number
    response = admin_client.post(change_url(sdg), data)
    assert response.status_code == 200
    assert "SDG numbers run from 1 to 17." in response.content.decode()
    assert SDG.objects.filter(number=16).exists()


def test_link_without_source_is_a_form_error(admin_client):
    response = admin_client.post(reverse("admin:resolutions_goalsdglink_add"), {
        "goal": goal(2017, 1).pk, "sdg": SDG.objects.get(number=4).pk, "relation": "direct",
        "source": "", "note": "",
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["source"]
    assert not GoalSDGLink.objects.filter(goal=goal(2017, 1), sdg__number=4).exists()


def test_same_sdg_twice_without_a_target_is_a_form_error(admin_client):
    the_goal = goal(2017, 2)
    sdg = SDG.objects.get(number=3)
    before = the_goal.sdg_links.count()

    def add_two(data):
        for _ in range(2):
            add_inline_row(data, "sdg_links", sdg=str(sdg.pk), relation="not_stated",
                           source=SOURCE)

    response = post_goal(admin_client, the_goal, add_two)
    assert response.status_code == 200
    assert "This goal is already linked to this SDG (or target)." in response.content.decode()
    assert the_goal.sdg_links.count() == before

    # An SDG the goal is already linked to, without a target, is refused the same way.
    linked = the_goal.sdg_links.filter(target__isnull=True).first()
    response = post_goal(admin_client, the_goal, lambda data: add_inline_row(
        data, "sdg_links", sdg=str(linked.sdg_id), relation="direct", source=SOURCE))
    assert response.status_code == 200
    assert "This goal is already linked to this SDG (or target)." in response.content.decode()


def test_target_of_another_sdg_is_a_form_error(admin_client):
    the_goal = goal(2017, 5)
    target_16 = SDG.objects.get(number=16).targets.first()
    response = post_goal(admin_client, the_goal, lambda data: add_inline_row(
        data, "sdg_links", sdg=str(SDG.objects.get(number=4).pk), target=str(target_16.pk),
        relation="direct", source=SOURCE))
    assert response.status_code == 200
    assert "This target belongs to another SDG." in response.content.decode()


def test_goal_number_already_used_in_the_edition_is_a_form_error(admin_client):
    response = admin_client.post(reverse("admin:resolutions_goal_add"), {
        "edition": "2017", "number": "3", "note": "",
        **{f"{prefix}-{key}": "0" for prefix in ["titles", "sub_goals", "sdg_links"]
           for key in ["TOTAL_FORMS", "INITIAL_FORMS"]},
    })
    assert response.status_code == 200
    assert "This edition already has a goal with this number." in response.content.decode()


def test_document_page_shows_its_clauses(admin_client, django_assert_max_num_queries):
    document = Document.objects.get(symbol="GA-2017-86-RES-06")
    with django_assert_max_num_queries(20):
        response = admin_client.get(change_url(document))
    page = response.content.decode()
    assert "COGNIZANT" in page
    assert "ENDORSES" in page


def test_title_changed_in_the_admin_is_kept_with_its_previous_version(admin_client):
    the_goal = goal(2017, 6)
    title = the_goal.titles.get()
    old = title.text

    def retitle(data):
        data[f"titles-{inline_row(data, 'titles', 'text', old)}-text"] = "A new wording"

    response = post_goal(admin_client, the_goal, retitle)
    assert response.status_code == 302
    assert GoalTitle.objects.get(pk=title.pk).text == "A new wording"
    versions = list(GoalTitle.history.filter(id=title.pk).order_by("history_date"))
    # The first edit of a reference row also keeps the row as it was loaded.
    assert [(v.text, v.history_user) for v in versions] == [
        (old, None), ("A new wording", get_user_model().objects.get(username="root"))]
    assert Goal.objects.with_last_changed().get(pk=the_goal.pk).last_changed_at is not None


def test_document_list_links_to_the_import_page(admin_client):
    page = admin_client.get(reverse("admin:resolutions_document_changelist")).content.decode()
    assert f'href="{reverse("document-import")}"' in page
