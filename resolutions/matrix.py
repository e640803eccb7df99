"""The goals × SDGs matrix of one edition, and the choice of that edition."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SDG, Edition, Goal, GoalSDGLink

# Relations in the order a cell lists them, strongest claim first.
RELATION_ORDER = [GoalSDGLink.Relation.DIRECT, GoalSDGLink.Relation.INDIRECT,
                  GoalSDGLink.Relation.NOT_STATED]


@dataclass
class Cell:
    goal: Goal
    sdg: SDG
    links: list

    @property
    def relations(self):
        present = {link.relation for link in self.links}
        return [relation for relation in RELATION_ORDER if relation in present]

    @property
    def evidence_url(self):
        """The goal page's entry for this SDG, which names the source of each link."""
        return f"{self.goal.get_absolute_url()}#sdg-{self.sdg.number}"


@dataclass
class Matrix:
    edition: Edition
    sdgs: list
    rows: list  # [(goal, [Cell, …])]

    @property
    def relations_used(self):
        present = {relation for _goal, cells in self.rows for cell in cells
                   for relation in cell.relations}
        return [relation for relation in RELATION_ORDER if relation in present]


def build_matrix(edition):
    """Every goal of the edition against all 17 SDGs, in a fixed number of queries."""
    sdgs = list(SDG.objects.all())
    goals = list(Goal.objects.with_titles().filter(edition=edition))
    cells = {(goal.pk, sdg.pk): Cell(goal=goal, sdg=sdg, links=[]) for goal in goals
             for sdg in sdgs}
    for link in GoalSDGLink.objects.filter(goal__edition=edition).select_related("target"):
        cells[(link.goal_id, link.sdg_id)].links.append(link)
    rows = [(goal, [cells[(goal.pk, sdg.pk)] for sdg in sdgs]) for goal in goals]
    return Matrix(edition=edition, sdgs=sdgs, rows=rows)


class EditionChoiceForm(forms.Form):
    """?edition=2017: which edition to show; anything else is reported, not fatal."""

    edition = forms.TypedChoiceField(label=_("Edition"), coerce=int)

    def __init__(self, data, editions):
        super().__init__(data)
        self.editions = {edition.year: edition for edition in editions}
        self.fields["edition"].choices = [(e.year, e.name) for e in editions]

    def chosen_edition(self, default):
        """The edition asked for, or the default when none was asked or the value is wrong."""
        if self.is_bound and self.is_valid():
            return self.editions[self.cleaned_data["edition"]]
        return default
