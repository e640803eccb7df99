"""What changed between two editions of the goals, stated only where the facts allow.

A difference is claimed only between two wordings recorded in the same language.
When one side is not recorded, or the two sides are known in different
languages, the comparison says so instead of calling it a change.
"""

from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .models import Edition, Goal
from .models.fields import LANGUAGE_PREFERENCE, Language

# Outcomes of comparing one wording (a goal title or a sub-goal text).
UNCHANGED = "unchanged"
REWORDED = "reworded"
ADDED = "added"
REMOVED = "removed"
OTHER_LANGUAGES = "other_languages"  # both recorded, but in no common language
TRUNCATED = "truncated"  # a common language, but one side was seen only in part
NOT_RECORDED = "not_recorded"  # one side or both have no wording at all


@dataclass
class WordingComparison:
    outcome: str
    old: object = None  # the wording shown for the earlier edition (GoalTitle/SubGoalText)
    new: object = None
    old_languages: list = field(default_factory=list)
    new_languages: list = field(default_factory=list)

    @property
    def changed(self):
        return self.outcome in {REWORDED, ADDED, REMOVED}

    @property
    def old_language_names(self):
        return get_text_list([str(lang.label) for lang in self.old_languages], _("and"))

    @property
    def new_language_names(self):
        return get_text_list([str(lang.label) for lang in self.new_languages], _("and"))


@dataclass
class SubGoalRow:
    code: str
    old: object  # SubGoal or None
    new: object
    wording: WordingComparison


@dataclass
class GoalComparison:
    number: int
    old: object  # Goal or None
    new: object
    presence: str  # UNCHANGED (in both), ADDED or REMOVED
    title: WordingComparison
    sub_goals: list  # [SubGoalRow]
    old_sub_goal_count: int
    new_sub_goal_count: int

    @property
    def sub_goals_comparable(self):
        return bool(self.old_sub_goal_count and self.new_sub_goal_count)


@dataclass
class EditionRecord:
    """What one edition records, so that no change is read into a gap."""

    edition: Edition
    goal_count: int
    sub_goal_count: int
    title_languages: list  # [Language], in the order of preference
    goals_without_title: list  # goal numbers

    @property
    def title_language_names(self):
        return get_text_list([str(lang.label) for lang in self.title_languages], _("and"))

    @property
    def has_english_titles(self):
        return Language.ENGLISH in self.title_languages


@dataclass
class EditionComparison:
    old: Edition
    new: Edition
    goals: list
    records: list  # [EditionRecord] for old and new

    def _titles(self, outcome):
        return [goal.number for goal in self.goals if goal.title.outcome == outcome]

    @property
    def titles_unchanged(self):
        return self._titles(UNCHANGED)

    @property
    def titles_reworded(self):
        return self._titles(REWORDED)

    @property
    def titles_in_other_languages(self):
        return self._titles(OTHER_LANGUAGES)

    @property
    def titles_not_recorded(self):
        return self._titles(NOT_RECORDED)

    @property
    def goals_added(self):
        return [goal.number for goal in self.goals if goal.presence == ADDED]

    @property
    def goals_removed(self):
        return [goal.number for goal in self.goals if goal.presence == REMOVED]


def _languages(languages):
    """The given language codes as Language members, in the order of preference."""
    return [lang for lang in LANGUAGE_PREFERENCE if lang in languages]


def compare_wordings(old_item, new_item, truncated=False):
    """Compare the wordings of two goals (or two sub-goals) of the same number."""
    old_w = {w.language: w for w in old_item.wordings()} if old_item else {}
    new_w = {w.language: w for w in new_item.wordings()} if new_item else {}
    result = WordingComparison(
        outcome=NOT_RECORDED,
        old=old_item.wording() if old_item else None,
        new=new_item.wording() if new_item else None,
        old_languages=_languages(old_w), new_languages=_languages(new_w),
    )
    if not old_w or not new_w:
        return result
    common = [lang for lang in LANGUAGE_PREFERENCE if lang in old_w and lang in new_w]
    if not common:
        result.outcome = OTHER_LANGUAGES
        return result
    lang = common[0]
    result.old, result.new = old_w[lang], new_w[lang]
    if result.old.text == result.new.text:
        result.outcome = UNCHANGED
    elif truncated:
        result.outcome = TRUNCATED
    else:
        result.outcome = REWORDED
    return result


def _compare_sub_goals(old_goal, new_goal):
    """Sub-goals matched by number. When one side has none recorded, each sub-goal of
    the other side is listed as not comparable rather than as added or removed."""
    old_subs = {s.code: s for s in old_goal.sub_goals.all()} if old_goal else {}
    new_subs = {s.code: s for s in new_goal.sub_goals.all()} if new_goal else {}
    both_recorded = bool(old_subs) and bool(new_subs)
    rows = []
    codes = sorted(old_subs.keys() | new_subs.keys(),
                   key=lambda code: (old_subs.get(code) or new_subs.get(code)).sort_key)
    for code in codes:
        old, new = old_subs.get(code), new_subs.get(code)
        if old and new:
            wording = compare_wordings(old, new, truncated=old.truncated or new.truncated)
        else:
            wording = WordingComparison(
                outcome=(REMOVED if old else ADDED) if both_recorded else NOT_RECORDED,
                old=old.wording() if old else None, new=new.wording() if new else None)
        rows.append(SubGoalRow(code=code, old=old, new=new, wording=wording))
    return rows


def compare_editions(old, new):
    """Goal by goal and sub-goal by sub-goal comparison of two editions."""
    goals = list(Goal.objects.with_wording().filter(edition__in=[old, new]))
    by_edition = {old.pk: {}, new.pk: {}}
    for goal in goals:
        by_edition[goal.edition_id][goal.number] = goal
    old_goals, new_goals = by_edition[old.pk], by_edition[new.pk]

    rows = []
    for number in sorted(old_goals.keys() | new_goals.keys()):
        old_goal, new_goal = old_goals.get(number), new_goals.get(number)
        if old_goal and new_goal:
            presence, title = UNCHANGED, compare_wordings(old_goal, new_goal)
        else:
            presence = REMOVED if old_goal else ADDED
            title = WordingComparison(
                outcome=presence, old=old_goal.title if old_goal else None,
                new=new_goal.title if new_goal else None)
        rows.append(GoalComparison(
            number=number, old=old_goal, new=new_goal, presence=presence, title=title,
            sub_goals=_compare_sub_goals(old_goal, new_goal),
            old_sub_goal_count=len(old_goal.sub_goals.all()) if old_goal else 0,
            new_sub_goal_count=len(new_goal.sub_goals.all()) if new_goal else 0,
        ))

    def record(edition):
        edition_goals = [goal for _n, goal in sorted(by_edition[edition.pk].items())]
        return EditionRecord(
            edition=edition,
            goal_count=len(edition_goals),
            sub_goal_count=sum(len(goal.sub_goals.all()) for goal in edition_goals),
            title_languages=_languages({t.language for goal in edition_goals
                                        for t in goal.titles.all()}),
            goals_without_title=[goal.number for goal in edition_goals if not goal.titles.all()],
        )

    return EditionComparison(old=old, new=new, goals=rows, records=[record(old), record(new)])
