import re

import pytest
from django.urls import reverse

from resolutions.models import (
    SDG,
    Document,
    Goal,
    GoalTitle,
    Meeting,
    Organization,
    SubGoal,
    SubGoalText,
    Theme,
)

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/source"


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(page, element_id):
    """The HTML of the element opened with id=element_id, up to its closing tag."""
    start = page.index(f'id="{element_id}"')
    start = page.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", page[start:]).group(1)
    depth, position = 0, start
    for match in re.finditer(rf"<(/?){tag}\b", page[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = start + match.end()
            break
    return page[start:position]


def tagged_documents(count, prefix, **tags):
    documents = Document.objects.bulk_create(
        Document(kind=Document.Kind.NEWS, slug=f"{prefix}-{i}", title=f"{prefix} item {i}",
                 body="Text.", year=2020 + i % 5)
        for i in range(count)
    )
    for record in tags.values():
        record.documents.add(*documents)
    return documents


# Goals, per edition

def test_goals_shows_the_latest_edition_with_marked_official_wordings(client):
    page = get_page(client, reverse("goal-list"))
    assert "<title>Global Policing Goals, 2023 revision" in page
    assert '<a href="/goals/2023/" aria-current="page">2023 edition</a>' in page
    assert '<a href="/goals/2017/">2017 edition</a>' in page
    # No English title is recorded for 2023: the French is shown, marked as French.
    assert ('<span lang="fr">Favoriser la sécurité des frontières dans le monde entier</span> '
            '<span class="lang-tag">(French)</span>') in page
    assert "Promote border integrity worldwide" not in page
    assert page.count("No title recorded in any language") == 3
    assert page.count("Sub-goals not yet recorded") == 7
    assert 'href="/sessions/91/"' in page


def test_goals_of_2017_list_sub_goals_and_mark_the_truncated_one(client):
    page = get_page(client, reverse("goal-list-edition", args=[2017]))
    assert "<title>Global Policing Goals (2017)" in page
    assert "This is an earlier edition." in page
    assert '<span lang="en">Counter the threat of terrorism</span>' in page
    assert "(English)" not in page
    truncated = page.index("Develop robust networks of experts to exchange info")
    assert page.index("truncated in the source", truncated) - truncated < 120
    assert page.count("truncated in the source") == 1
    assert page.count("Sub-goals not yet recorded") == 4
    assert '<a href="/goals/compare/">' in page
    # The adopting resolution is in the base (a seed), so it is linked.
    assert '<a href="/resolutions/GA-2017-86-RES-06/">GA-2017-86-RES-06</a>' in page
    assert "GA-2017-86-REP-07 <span class=\"meta\">(not yet in the base)</span>" in page


def test_unknown_editions_and_goals_are_404(client):
    for url in ["/goals/1999/", "/goals/2017/9/", "/goals/1999/1/", "/goals/2023/0/",
                "/goals/x/"]:
        assert client.get(url).status_code == 404, url


def test_goal_page_gives_all_wordings_with_language_and_direction(client):
    page = get_page(client, reverse("goal-detail", args=[2023, 1]))
    assert "<title>Goal 1 (2023)" in page
    table = page[page.index('id="wordings-heading"'):page.index('id="sub-goals-heading"')]
    assert '<span lang="fr">Permettre à la communauté mondiale' in table
    assert '<span lang="es">Permitir a la comunidad mundial' in table
    assert '<span lang="ar" dir="rtl">تمكين أجهزة إنفاذ القانون' in table
    assert table.index("French") < table.index("Spanish") < table.index("Arabic")
    assert "https://www.interpol.int/ar/3/8/3" in table
    assert "no official English wording was found" in table
    assert "Sub-goals not yet recorded" in page
    assert '<a href="/goals/2017/1/">Goal 1 in the Global Policing Goals (2017)</a>' in page


def test_goal_page_shows_sdg_links_with_relation_colour_and_source(client):
    page = get_page(client, reverse("goal-detail", args=[2017, 2]))
    links = section(page, "sdg-links")
    for number in (5, 16, 17):
        entry = section(links, f"sdg-{number}")
        assert f'class="sdg-chip sdg-{number}" href="/sdgs/{number}/"' in entry
        assert "Not stated by the source" in entry
        assert 'rel="external">source</a>' in entry
    assert 'id="sdg-1"' not in links
    assert "relation-direct" not in links and "relation-indirect" not in links


def test_goal_page_says_when_no_title_is_recorded(client):
    page = get_page(client, reverse("goal-detail", args=[2023, 6]))
    assert "No title of this goal is recorded in any language." in page
    assert "Official wording not found in any language." in page


def test_goal_page_marks_the_truncated_sub_goal(client):
    page = get_page(client, reverse("goal-detail", args=[2017, 3]))
    entry = section(page, "sub-goal-3.4")
    assert "Develop robust networks of experts to exchange info" in entry
    assert "truncated in the source" in entry
    assert "the full wording was not seen" in entry
    assert "truncated in the source" not in section(page, "sub-goal-3.3")


def test_goal_page_lists_related_documents(client):
    goal = Goal.objects.get(edition__year=2017, number=4)
    already = goal.documents.real().count()  # seeds the importer tagged
    tagged_documents(3, "cyber", goals=goal)
    Document.objects.create(kind=Document.Kind.NEWS, slug="synthetic-1", title="Load test",
                            body="x", year=2020, synthetic=True).goals.add(goal)
    page = get_page(client, reverse("goal-detail", args=[2017, 4]))
    assert f"{already + 3} documents" in page
    assert '<a href="/resolutions/cyber-0/">cyber item 0</a>' in page
    assert "Load test" not in page
    empty = get_page(client, reverse("goal-detail", args=[2023, 5]))
    assert "No document in the base is tagged with this goal yet." in empty


def test_goal_page_has_a_metadata_section(client):
    page = get_page(client, reverse("goal-detail", args=[2017, 1]))
    meta = section(page, "record-heading")
    assert "About this record" in meta
    assert 'class="record-meta"' in page


# The edition comparison

def test_comparison_says_what_cannot_be_compared_instead_of_claiming_changes(client):
    page = get_page(client, reverse("goal-compare"))
    assert "<title>What changed between the goals of 2017 and 2023" in page
    goal_1 = section(page, "goal-1")
    assert ("Cannot be compared: 2017 recorded in English, 2023 in French, Spanish and Arabic"
            in goal_1)
    goal_3 = section(page, "goal-3")
    assert "Cannot be compared: 2017 recorded in English, 2023 in French</span>" in goal_3
    for number in (5, 6, 7):
        assert "Cannot be compared: not recorded for 2023" in section(page, f"goal-{number}")
    # 2017 sub-goals 1.1-1.4 have no 2023 counterpart recorded: not called removed.
    assert goal_1.count("Cannot be compared: not recorded for 2023") == 4
    assert "Not recorded for either edition" in section(page, "goal-4")
    assert "No sub-goal of the Global Policing Goals, 2023 revision is recorded" in page
    assert "goals 5, 6, 7 have no title recorded in any language" in page
    assert "(no English title recorded)" in page
    for claim in ("Reworded", "Same wording", "Added in", "Not in 2023"):
        assert claim not in page


def test_comparison_states_changes_where_both_sides_share_a_language(client):
    goal_1 = Goal.objects.get(edition__year=2023, number=1)
    goal_2 = Goal.objects.get(edition__year=2023, number=2)
    GoalTitle.objects.create(goal=goal_1, language="en", text="Counter the threat of terrorism",
                             source=SOURCE)
    GoalTitle.objects.create(goal=goal_2, language="en", text="Promote border security",
                             source=SOURCE)
    texts = {"1.1": "Identify and arrest terrorist suspects",  # as in 2017
             "1.2": "Strengthen platforms for sharing intelligence",  # reworded
             "1.5": "Counter violent extremism online"}  # new
    for code, text in texts.items():
        sub = SubGoal.objects.create(goal=goal_1, code=code)
        SubGoalText.objects.create(sub_goal=sub, language="en", text=text, source=SOURCE)

    page = get_page(client, reverse("goal-compare"))
    goal_1_html = section(page, "goal-1")
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r'<th scope="row">(?:Sub-goal )?([\w.]+)</th>(.*?)</tr>', goal_1_html, re.S)}
    assert "Same wording (compared in English)" in rows["Title"]
    assert "Same wording (compared in English)" in rows["1.1"]
    assert "Reworded (compared in English)" in rows["1.2"]
    assert "Strengthen platforms for sharing intelligence" in rows["1.2"]
    assert "Not in 2023" in rows["1.3"] and "Not in 2023" in rows["1.4"]
    assert "Added in 2023" in rows["1.5"]
    assert "Reworded (compared in English)" in section(page, "goal-2")
    assert "Promote border integrity worldwide" in section(page, "goal-2")
    # Goal 3 still has no English 2023 title: still not compared.
    assert "Cannot be compared: 2017 recorded in English" in section(page, "goal-3")
    assert "Reworded: goals 2" in page and "Same wording: goals 1" in page


def test_comparison_does_not_call_a_truncated_wording_reworded(client):
    goal = Goal.objects.get(edition__year=2023, number=3)
    sub = SubGoal.objects.create(goal=goal, code="3.4")
    SubGoalText.objects.create(sub_goal=sub, language="en", source=SOURCE,
                               text="Develop robust networks of experts to exchange information")
    page = get_page(client, reverse("goal-compare"))
    row = section(page, "goal-3")
    row = row[row.index("Sub-goal 3.4"):]
    row = row[:row.index("</tr>")]
    assert "Cannot be compared: a wording was seen only in part (English)" in row
    assert "Reworded" not in row


# Themes

def test_themes_list_and_detail_with_tagged_documents(client):
    theme = Theme.objects.get(slug="data-and-information-sharing")
    tagged_documents(2, "sharing", themes=theme)
    listing = get_page(client, reverse("theme-list"))
    assert listing.count('<h2><a href="/themes/') == 5
    assert "No description recorded" in listing
    page = get_page(client, reverse("theme-detail", args=[theme.slug]))
    assert "<title>Data and information sharing" in page
    assert "sharing item 0" in page and "sharing item 1" in page
    assert "Summary of the Global Policing Goal drafting session" in page
    assert client.get("/themes/no-such-theme/").status_code == 404


# SDGs

def test_sdg_list_shows_the_seventeen_in_their_colours(client):
    page = get_page(client, reverse("sdg-list"))
    for number in range(1, 18):
        assert f'class="sdg-chip sdg-{number}" href="/sdgs/{number}/"' in page
    row = page[page.index('href="/sdgs/16/"'):]
    row = row[:row.index("</tr>")]
    # SDG 16: all seven 2017 goals, no 2023 goal recorded.
    assert re.findall(r'<td class="number">(\d+)</td>', row) == ["7", "0"]


def test_sdg_16_lists_targets_in_natural_order_and_the_goals_serving_it(client):
    page = get_page(client, reverse("sdg-detail", args=[16]))
    assert "<title>SDG 16: Peace, Justice and Strong Institutions" in page
    codes = re.findall(r'<li id="target-([\w.]+)">', page)
    assert codes == ["16.1", "16.2", "16.3", "16.4", "16.5", "16.6", "16.7", "16.8", "16.9",
                     "16.10", "16.a", "16.b"]
    goals = page[page.index('id="goals-heading"'):page.index('id="targets-heading"')]
    assert "Global Policing Goals (2017)" in goals
    assert "2023 revision" not in goals
    for number in range(1, 8):
        assert f'href="/goals/2017/{number}/#sdg-16"' in goals
    assert goals.count("Not stated by the source") == 7
    assert "https://www.interpol.int/Who-we-are/Strategy/Global-Policing-Goals" in goals


def test_sdg_5_lists_goals_of_both_editions(client):
    page = get_page(client, reverse("sdg-detail", args=[5]))
    assert "Global Policing Goals (2017)" in page and "Global Policing Goals, 2023 revision" in page
    assert 'href="/goals/2023/7/#sdg-5"' in page
    assert 'id="targets-heading"' not in page


def test_unknown_sdgs_are_404(client):
    for url in ["/sdgs/0/", "/sdgs/18/", "/sdgs/999/"]:
        assert client.get(url).status_code == 404, url


# Organizations

def test_organizations_list_with_meeting_and_document_counts(client):
    afripol = Organization.objects.get(slug="afripol")
    already = afripol.documents.real().count()  # seeds naming it
    tagged_documents(2, "afripol-news", organizations=afripol)
    Meeting.objects.get(edition=7).organizations.add(afripol)
    page = get_page(client, reverse("organization-list"))
    assert page.count('<th scope="row"><a href="/organizations/') == 11
    row = page[page.index('href="/organizations/afripol/"'):]
    row = row[:row.index("</tr>")]
    # The Lyon drafting session and the one added above; documents counted apart.
    assert re.findall(r'<td class="number">(\d+)</td>', row) == ["2", str(already + 2)]
    unodc = page[page.index('href="/organizations/unodc/"'):]
    assert re.findall(r'<td class="number">(\d+)</td>', unodc[:unodc.index("</tr>")])[0] == "0"


def test_organization_page_lists_meetings_and_documents_naming_it(client):
    page = get_page(client, reverse("organization-detail", args=["afripol"]))
    assert "<title>AFRIPOL" in page
    assert "African Union Mechanism for Police Cooperation" in page
    meetings = page[page.index('id="meetings-heading"'):page.index('id="documents-heading"')]
    assert "Global Policing Goal drafting session" in meetings
    assert "3 July 2023" in meetings
    documents = page[page.index('id="documents-heading"'):]
    assert "/resolutions/" in documents
    unodc = get_page(client, reverse("organization-detail", args=["unodc"]))
    assert "No recorded meeting names this organization." in unodc
    assert client.get("/organizations/interpol-2/").status_code == 404


# Coverage

def test_coverage_lists_the_gaps_computed_from_the_data(client):
    page = get_page(client, reverse("coverage"))
    missing_2017 = section(page, "no-sub-goals-2017")
    assert re.findall(r'href="/goals/2017/(\d)/"', missing_2017) == ["4", "5", "6", "7"]
    missing_2023 = section(page, "no-sub-goals-2023")
    assert re.findall(r'href="/goals/2023/(\d)/"', missing_2023) == list("1234567")
    languages_2023 = page[page.index("Official titles recorded per language (2023)"):]
    languages_2023 = languages_2023[:languages_2023.index("</table>")]
    counts = dict(re.findall(r'<th scope="row">(\w+)</th>\s*<td class="number">(\d+ of \d+)',
                             languages_2023))
    assert counts == {"English": "0 of 7", "French": "4 of 7", "Spanish": "2 of 7",
                      "Arabic": "2 of 7"}
    assert "For 21 links the source does not state whether they are direct or indirect." in page
    assert "For 14 links the source does not state" in page
    assert "Years without a session: 2020." in page
    assert "2022-12; two days; exact dates not found" in page
    assert "Place not found in the sources." in page
    assert '<a href="/goals/2017/3/#sub-goal-3.4">3.4</a>' in page
    assert "5 of 5 themes have no description recorded" in page
    assert "SDG 16 (12 targets)" in page


def test_coverage_follows_the_data_as_gaps_are_filled(client):
    goal = Goal.objects.get(edition__year=2017, number=4)
    sub = SubGoal.objects.create(goal=goal, code="4.1")
    SubGoalText.objects.create(sub_goal=sub, language="en", text="A sub-goal", source=SOURCE)
    GoalTitle.objects.create(goal=Goal.objects.get(edition__year=2023, number=5),
                             language="fr", text="Un titre", source=SOURCE)
    Meeting.objects.filter(edition=6).update(dates_note="")
    Meeting.objects.filter(edition=6).update(start_date="2022-12-01", end_date="2022-12-02")
    page = get_page(client, reverse("coverage"))
    assert re.findall(r'href="/goals/2017/(\d)/"', section(page, "no-sub-goals-2017")) == [
        "5", "6", "7"]
    assert "5 of 7" in page
    assert "None: every meeting has its dates." in page


# Navigation, titles, breadcrumbs

@pytest.mark.parametrize("url, current", [
    ("/goals/", "page"), ("/goals/2017/3/", "true"), ("/goals/compare/", "true"),
])
def test_nav_marks_the_goals_section(client, url, current):
    page = get_page(client, url)
    assert f'<a href="/goals/" aria-current="{current}">Goals</a>' in page
    assert '<a href="/themes/">Themes</a>' in page


@pytest.mark.parametrize("url", [
    "/sessions/", "/sessions/86/", "/goals/", "/goals/2017/", "/goals/2017/1/",
    "/goals/compare/", "/themes/", "/themes/collaboration-and-partnerships/", "/sdgs/",
    "/sdgs/16/", "/matrix/", "/organizations/", "/organizations/europol/", "/coverage/",
])
def test_every_page_has_a_title_breadcrumbs_and_the_site_nav(client, url):
    page = get_page(client, url)
    assert re.search(r"<title>\S.* · GPG Knowledge Base</title>", page)
    crumbs = page[page.index('<nav class="breadcrumbs"'):]
    crumbs = crumbs[:crumbs.index("</nav>")]
    assert '<li><a href="/">Home</a></li>' in crumbs
    assert 'aria-current="page"' in crumbs
    assert '<nav class="site-nav wrap"' in page
    assert "<script" not in page and "style=" not in page


# Query counts

@pytest.fixture
def busy_records(db):
    """60 documents tagged with one goal, theme, SDG and organization each."""
    goal = Goal.objects.get(edition__year=2017, number=1)
    theme = Theme.objects.get(slug="collaboration-and-partnerships")
    sdg = SDG.objects.get(number=16)
    organization = Organization.objects.get(slug="europol")
    tagged_documents(60, "busy", goals=goal, themes=theme, sdgs=sdg, organizations=organization)


@pytest.mark.parametrize("url, limit", [
    ("/goals/", 10), ("/goals/2017/", 10), ("/goals/2017/1/", 12), ("/goals/compare/", 8),
    ("/themes/", 3), ("/themes/collaboration-and-partnerships/", 5), ("/sdgs/", 5),
    ("/sdgs/16/", 8), ("/organizations/", 3), ("/organizations/europol/", 6),
    ("/coverage/", 14),
])
def test_query_count_is_bounded_with_many_tagged_documents(
        client, busy_records, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit):
        page = get_page(client, url)
    if "busy" in page:
        assert "Page 1 of 3" in page
