"""The database itself refuses rows that break the model's rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from resolutions.models import (
    SDG,
    Citation,
    Clause,
    Document,
    Edition,
    Goal,
    GoalSDGLink,
    GoalTitle,
    SDGTarget,
    Session,
    SubGoal,
)

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def make_document(**fields):
    values = {"kind": "resolution", "slug": "x", "title": "T", "body": "B", "year": 2017} | fields
    return Document.objects.create(**values)


def test_session_numbers_are_unique():
    rejected(lambda: Session.objects.create(
        number=86, city="X", country="Y", start_date="2017-01-01", end_date="2017-01-02"))


def test_session_cannot_end_before_it_starts():
    rejected(lambda: Session.objects.create(
        number=200, city="X", country="Y", start_date="2030-01-05", end_date="2030-01-01"))


def test_session_end_date_error_is_a_clear_validation_message():
    session = Session(number=201, city="X", country="Y", start_date=datetime.date(2030, 1, 5),
                      end_date=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        session.full_clean()


@pytest.mark.parametrize("number", [0, 18])
def test_sdg_numbers_run_from_1_to_17(number):
    rejected(lambda: SDG.objects.create(
        number=number, short_title="X", statement="X", colour="#000000",
        title_source="https://a.example", statement_source="https://a.example",
        colour_source="https://a.example"))


def test_sdg_colour_is_a_hex_code():
    rejected(lambda: SDG.objects.filter(number=1).update(colour="red"))


def test_target_codes_have_the_documented_format():
    rejected(lambda: SDGTarget.objects.create(
        sdg_id=16, code="sixteen", text="x", source="https://a.example"))


def test_goal_numbers_are_unique_per_edition():
    edition = Edition.objects.get(year=2017)
    rejected(lambda: Goal.objects.create(edition=edition, number=1))


def test_same_goal_number_is_fine_in_another_edition():
    edition = Edition.objects.create(year=2030, name="Future", source="https://a.example")
    assert Goal.objects.create(edition=edition, number=1).pk


def test_one_title_per_goal_and_language():
    goal = Goal.objects.get(edition__year=2017, number=1)
    rejected(lambda: GoalTitle.objects.create(
        goal=goal, language="en", text="Another", source="https://a.example"))


def test_sub_goal_numbers_are_unique_per_goal():
    goal = Goal.objects.get(edition__year=2017, number=1)
    rejected(lambda: SubGoal.objects.create(goal=goal, code="1.1"))


def test_sub_goal_numbers_have_the_documented_format():
    goal = Goal.objects.get(edition__year=2017, number=4)
    rejected(lambda: SubGoal.objects.create(goal=goal, code="first"))


def test_one_link_per_goal_sdg_and_target():
    goal = Goal.objects.get(edition__year=2017, number=1)
    # The fixture already links goal 1 to SDG 16 with no target: a second is refused.
    rejected(lambda: GoalSDGLink.objects.create(
        goal=goal, sdg_id=16, relation="direct", source="https://a.example"))


def test_a_target_link_is_distinct_from_the_sdg_link():
    goal = Goal.objects.get(edition__year=2017, number=1)
    target = SDGTarget.objects.get(code="16.4")
    GoalSDGLink.objects.create(goal=goal, sdg_id=16, target=target, relation="direct",
                               source="https://a.example")
    rejected(lambda: GoalSDGLink.objects.create(
        goal=goal, sdg_id=16, target=target, relation="indirect", source="https://b.example"))


def test_a_link_needs_a_source():
    goal = Goal.objects.get(edition__year=2017, number=2)
    rejected(lambda: GoalSDGLink.objects.create(goal=goal, sdg_id=3, relation="direct", source=""))


def test_a_link_target_must_belong_to_its_sdg():
    link = GoalSDGLink(goal=Goal.objects.get(edition__year=2017, number=2), sdg_id=3,
                       target=SDGTarget.objects.get(code="16.1"), relation="direct",
                       source="https://a.example")
    with pytest.raises(ValidationError, match="belongs to another SDG"):
        link.full_clean()


def test_document_symbols_are_unique():
    make_document(symbol="GA-2019-88-RES-01", slug="GA-2019-88-RES-01")
    rejected(lambda: make_document(symbol="GA-2019-88-RES-01", slug="other"))


@pytest.mark.parametrize("symbol", ["GA-2019-88-RES-01", "AG-2012-RES-08", "AGN/53/RES/7",
                                    "GA-2023-91-REP-21"])
def test_documented_symbol_styles_are_accepted(symbol):
    assert make_document(symbol=symbol, slug=symbol).pk


@pytest.mark.parametrize("symbol", ["RES-06", "GA-17-86-RES-06", "ga-2017-86-res-06", ""])
def test_malformed_symbols_are_refused(symbol):
    rejected(lambda: make_document(symbol=symbol, slug="bad"))


def test_clause_positions_are_unique_per_document():
    document = make_document()
    Clause.objects.create(document=document, position=1, kind="preambular", ordinal=1, text="a")
    rejected(lambda: Clause.objects.create(
        document=document, position=1, kind="operative", ordinal=1, text="b"))


def test_numbered_items_need_the_clause_that_introduces_them():
    document = make_document()
    rejected(lambda: Clause.objects.create(
        document=document, position=1, kind="item", ordinal=1, text="orphan"))


def test_citations_name_a_well_formed_symbol():
    document = make_document()
    rejected(lambda: Citation.objects.create(document=document, symbol="Report 7"))


def test_a_document_year_agrees_with_its_date():
    rejected(lambda: make_document(date="2019-10-18", year=2018))
