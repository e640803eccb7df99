"""What the base holds and what it does not hold yet, computed from the rows themselves.

The coverage page reads everything from here, so it stays true as editors
fill gaps in the admin: nothing in it is written by hand.
"""

from dataclasses import dataclass

from django.db.models import Count

from .models import (
    SDG,
    Document,
    Edition,
    Goal,
    GoalSDGLink,
    Meeting,
    Session,
    Theme,
)
from .models.fields import LANGUAGE_PREFERENCE


@dataclass
class LanguageCoverage:
    language: str  # a Language member
    goals: list  # goals with a title recorded in this language

    @property
    def count(self):
        return len(self.goals)


@dataclass
class EditionCoverage:
    edition: Edition
    goals: list
    goals_without_sub_goals: list
    goals_without_title: list
    goals_without_english_title: list
    languages: list  # [LanguageCoverage] for each official language, recorded or not
    sub_goal_count: int
    truncated_sub_goals: list
    link_relations: list  # [(relation label, count)]
    links_not_stated: int

    @property
    def recorded_languages(self):
        return [entry.language for entry in self.languages if entry.count]

    @property
    def missing_languages(self):
        return [entry.language for entry in self.languages if not entry.count]


@dataclass
class Coverage:
    editions: list
    sessions: list
    years_without_session: list
    sessions_without_documents: list
    meetings_without_dates: list
    meetings_without_place: list
    meeting_count: int
    documents_by_kind: list  # [(label, count)]
    document_count: int
    themes: list
    themes_without_description: list
    sdgs_with_targets: list
    sdg_count: int


def _edition_coverage(edition, goals, relation_counts):
    sub_goals = [sub for goal in goals for sub in goal.sub_goals.all()]
    return EditionCoverage(
        edition=edition,
        goals=goals,
        goals_without_sub_goals=[g for g in goals if not g.sub_goals.all()],
        goals_without_title=[g for g in goals if not g.titles.all()],
        goals_without_english_title=[
            g for g in goals if "en" not in {t.language for t in g.titles.all()}],
        languages=[
            LanguageCoverage(language=lang, goals=[
                g for g in goals if lang in {t.language for t in g.titles.all()}])
            for lang in LANGUAGE_PREFERENCE
        ],
        sub_goal_count=len(sub_goals),
        truncated_sub_goals=[sub for sub in sub_goals if sub.truncated],
        link_relations=[(label, relation_counts.get((edition.year, value), 0))
                        for value, label in GoalSDGLink.Relation.choices],
        links_not_stated=relation_counts.get(
            (edition.year, GoalSDGLink.Relation.NOT_STATED), 0),
    )


def coverage():
    """Gather the coverage facts in a fixed number of queries, whatever the row counts."""
    editions = list(Edition.objects.all())
    goals = list(Goal.objects.select_related("edition").prefetch_related(
        "titles", "sub_goals"))
    relation_counts = GoalSDGLink.objects.relation_counts()
    timeline = Session.objects.real().with_document_counts().timeline()
    sessions = [session for _gap, session in timeline]
    kind_counts = dict(Document.objects.real().values_list("kind")
                       .annotate(n=Count("id")).order_by())
    themes = list(Theme.objects.with_document_counts())
    sdgs = list(SDG.objects.annotate(target_count=Count("targets")))
    return Coverage(
        editions=[
            _edition_coverage(edition, [g for g in goals if g.edition_id == edition.pk],
                              relation_counts)
            for edition in editions
        ],
        sessions=sessions,
        years_without_session=[year for gap, _session in timeline for year in gap],
        sessions_without_documents=[s for s in sessions if not s.document_count],
        meetings_without_dates=list(Meeting.objects.without_dates()),
        meetings_without_place=list(Meeting.objects.without_place()),
        meeting_count=Meeting.objects.count(),
        documents_by_kind=[(label, kind_counts.get(kind, 0))
                           for kind, label in Document.Kind.choices],
        document_count=sum(kind_counts.values()),
        themes=themes,
        themes_without_description=[t for t in themes if not t.description],
        sdgs_with_targets=[s for s in sdgs if s.target_count],
        sdg_count=len(sdgs),
    )

