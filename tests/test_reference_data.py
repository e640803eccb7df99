"""The reference fixtures hold exactly the sourced facts, and load idempotently."""

import pytest
from django.core.management import call_command
from django.db import connection

from resolutions.models import (
    SDG,
    Edition,
    Goal,
    GoalSDGLink,
    GoalTitle,
    Meeting,
    Organization,
    SDGTarget,
    Session,
    SubGoal,
    Theme,
)

pytestmark = pytest.mark.django_db

GOALS_2017 = {
    1: ("Counter the threat of terrorism", [
        "Identify and arrest terrorist suspects",
        "Strengthen intelligence-sharing platforms",
        "Disrupt terrorist movement and mobility",
        "Trace and disrupt financial streams and weapons sourcing",
    ]),
    2: ("Promote border integrity worldwide", [
        "Identify criminal and victim movements and travel",
        "Share information with and between border officials",
        "Contribute to the establishment of global standards for border security",
        "Assist member countries with maintaining the integrity of their security documents "
        "(e.g. addressing the use of counterfeit/false passports)",
    ]),
    3: ("Protect vulnerable communities", [
        "Detect crimes and criminals and identify prevention opportunities",
        "Protect victims of crime from exploitation and re-victimization",
        "Respect human rights of vulnerable communities",
        "Develop robust networks of experts to exchange info",
    ]),
    4: ("Secure cyberspace for people and businesses", []),
    5: ("Promote global integrity", []),
    6: ("Curb illicit markets", []),
    7: ("Support environmental security and sustainability", []),
}


def test_2017_goals_and_sub_goals_are_worded_as_the_sources_give_them():
    goals = Goal.objects.with_wording().filter(edition__year=2017)
    found = {
        goal.number: (goal.title.text, [sub.text.text for sub in goal.sub_goals.all()])
        for goal in goals
    }
    assert found == GOALS_2017
    assert all(goal.title.language == "en" for goal in goals)


def test_only_the_truncated_sub_goal_is_marked_truncated():
    assert list(SubGoal.objects.filter(truncated=True).values_list("code", flat=True)) == ["3.4"]


def test_goals_without_recorded_sub_goals_say_so():
    for goal in Goal.objects.filter(edition__year=2017, number__gte=4):
        assert "not yet recorded" in goal.note


def test_2023_titles_exist_only_in_the_languages_found():
    titles = GoalTitle.objects.filter(goal__edition__year=2023)
    languages = {}
    for title in titles.select_related("goal"):
        languages.setdefault(title.goal.number, set()).add(title.language)
    assert languages == {
        1: {"fr", "es", "ar"}, 2: {"fr", "es", "ar"}, 3: {"fr"}, 4: {"fr"},
    }
    assert not titles.filter(language="en").exists()
    assert Goal.objects.filter(edition__year=2023).count() == 7
    goal_2 = Goal.objects.get(edition__year=2023, number=2)
    assert goal_2.wording("es").text == "Promover la seguridad fronteriza a escala mundial"
    assert goal_2.title.language == "fr"


def test_editions_are_tied_to_their_sessions_and_resolutions():
    assert list(Edition.objects.values_list("year", "session__number", "resolution_symbol")) == [
        (2017, 86, "GA-2017-86-RES-06"), (2023, 91, "GA-2023-91-RES-12"),
    ]


def test_seventeen_sdgs_with_official_colours():
    assert SDG.objects.count() == 17
    assert SDG.objects.get(number=16).colour == "#00689D"
    assert SDG.objects.get(number=1).colour == "#E5243B"
    assert SDG.objects.get(number=16).short_title == "Peace, Justice and Strong Institutions"


def test_sdg_16_targets_sort_naturally():
    codes = list(SDGTarget.objects.values_list("code", flat=True))
    assert codes == [f"16.{n}" for n in range(1, 11)] + ["16.a", "16.b"]


def test_five_cross_cutting_themes():
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Good governance, rule of law and respect for human rights",
        "Collaboration and partnerships",
        "Data and information sharing",
        "Innovation and digitalization",
        "Financial crime as an enabler",
    ]


def test_every_link_has_a_relation_and_a_source():
    links = GoalSDGLink.objects.all()
    assert links.count() == 7 * 3 + 7 * 2
    assert all(link.relation and link.source.startswith("https://") for link in links)
    # The source states no direct/indirect relation for any published link.
    assert set(links.values_list("relation", flat=True)) == {"not_stated"}
    assert set(links.filter(goal__edition__year=2017).values_list("sdg__number", flat=True)) == {
        5, 16, 17,
    }


def test_sessions_80_to_93_with_dates_and_venues():
    assert list(Session.objects.values_list("number", flat=True)) == list(range(80, 94))
    beijing = Session.objects.get(number=86)
    assert (beijing.city, beijing.country, str(beijing.start_date), str(beijing.end_date)) == (
        "Beijing", "China", "2017-09-26", "2017-09-29"
    )
    # No session was held in 2020: the 89th met in Istanbul in 2021.
    assert not Session.objects.filter(start_date__year=2020).exists()
    assert Session.objects.get(number=89).city == "Istanbul"


def test_organizations_and_meetings():
    assert Organization.objects.count() == 11
    assert Organization.objects.get(acronym="UNODC").dialogue_role == "observer"
    drafting = Meeting.objects.get(start_date="2023-07-03")
    assert sorted(drafting.organizations.values_list("acronym", flat=True)) == sorted([
        "AFRIPOL", "AIMC", "AMERIPOL", "CARICOM IMPACS", "GCCPOL", "EUROPOL", "ECO", "SCO RATS",
        "Frontex",
    ])


def table_snapshot():
    tables = [model._meta.db_table for model in (
        Session, Organization, Meeting, SDG, SDGTarget, Edition, Goal, GoalTitle, SubGoal, Theme,
        GoalSDGLink,
    )]
    with connection.cursor() as cursor:
        snapshot = {}
        for table in tables:
            cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t")
            snapshot[table] = cursor.fetchone()[0]
    return snapshot


def test_loading_the_fixtures_again_changes_nothing():
    before = table_snapshot()
    call_command("load_reference_data", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    assert table_snapshot() == before
