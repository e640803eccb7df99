from html.parser import HTMLParser

import pytest
from django.urls import reverse

from resolutions.models import SDG, Goal, GoalSDGLink, SDGTarget

pytestmark = pytest.mark.django_db

HIDDEN = "visually-hidden"


class MatrixTable(HTMLParser):
    """Reads the matrix <table>: column headers, and per row its header and cells.

    Each cell keeps its visible text (what a sighted reader sees, screen-reader
    text left out), its hidden text, and the links it holds.
    """

    def __init__(self):
        super().__init__()
        self.columns, self.rows = [], []
        self.in_table = False
        self.cell = None
        self.hidden_depth = 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "matrix" in attrs.get("class", ""):
            self.in_table = True
        if not self.in_table:
            return
        if tag == "tr":
            self.row = {"header": "", "cells": []}
        elif tag == "th":
            self.cell = {"kind": "th", "scope": attrs.get("scope"), "visible": "", "hidden": "",
                         "links": []}
        elif tag == "td":
            self.cell = {"kind": "td", "visible": "", "hidden": "", "links": []}
        elif tag == "a" and self.cell is not None:
            self.cell["links"].append(attrs.get("href"))
        if tag == "span":
            self.stack.append(HIDDEN in attrs.get("class", ""))
            if self.stack[-1]:
                self.hidden_depth += 1

    def handle_endtag(self, tag):
        if not self.in_table:
            return
        if tag == "table":
            self.in_table = False
        elif tag == "span" and self.stack:
            if self.stack.pop():
                self.hidden_depth -= 1
        elif tag == "th" and self.cell:
            if self.cell["scope"] == "col":
                self.columns.append(self.cell["visible"].strip())
            else:
                self.row["header"] = self.cell["visible"].strip()
            self.cell = None
        elif tag == "td" and self.cell:
            self.row["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row["header"]:
            self.rows.append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["hidden" if self.hidden_depth else "visible"] += data


def read_matrix(client, **params):
    response = client.get(reverse("matrix"), params)
    assert response.status_code == 200
    table = MatrixTable()
    table.feed(response.content.decode())
    return response.content.decode(), table


def marked(table):
    """{(goal row label, SDG column label): cell} for every cell with a mark."""
    sdg_columns = table.columns[1:]
    return {
        (row["header"].split()[0] + " " + row["header"].split()[1], sdg_columns[i]): cell
        for row in table.rows for i, cell in enumerate(row["cells"]) if cell["links"]
    }


def test_matrix_2017_marks_sdg_5_16_17_as_not_stated_and_nothing_else(client):
    page, table = read_matrix(client, edition="2017")
    assert "<title>Goals × SDGs (2017)" in page
    assert table.columns == ["Goal"] + [f"SDG {n}" for n in range(1, 18)]
    assert [row["header"].split()[:2] for row in table.rows] == [
        ["Goal", str(n)] for n in range(1, 8)]
    cells = marked(table)
    assert set(cells) == {(f"Goal {g}", f"SDG {s}") for g in range(1, 8) for s in (5, 16, 17)}
    for (goal, sdg), cell in cells.items():
        # A symbol, not a colour, carries the meaning; the hidden text says it in words.
        assert cell["visible"].strip() == "?"
        assert "Not stated by the source" in cell["hidden"]
        assert cell["hidden"].startswith(f"{goal} and {sdg}:")
    for row in table.rows:
        for cell in row["cells"]:
            if not cell["links"]:
                assert cell["visible"].strip() == ""
                assert cell["hidden"].strip() == "no link recorded"


def test_matrix_defaults_to_the_latest_edition(client):
    page, table = read_matrix(client)
    assert '<option value="2023" selected>' in page
    assert set(marked(table)) == {(f"Goal {g}", f"SDG {s}") for g in range(1, 8) for s in (5, 17)}


def test_matrix_cells_link_to_the_evidence_on_the_goal_page(client):
    _page, table = read_matrix(client, edition="2017")
    cell = marked(table)[("Goal 3", "SDG 16")]
    assert cell["links"] == ["/goals/2017/3/#sdg-16"]
    goal_page = client.get("/goals/2017/3/").content.decode()
    entry = goal_page[goal_page.index('id="sdg-16"'):]
    assert "https://www.interpol.int/Who-we-are/Strategy/Global-Policing-Goals" in entry[:2000]


def test_matrix_has_a_legend_for_every_mark(client):
    page, _table = read_matrix(client)
    legend = page[page.index('class="matrix-legend"'):]
    legend = legend[:legend.index("</dl>")]
    assert "●" in legend and "Direct link" in legend
    assert "○" in legend and "Indirect link" in legend
    assert "?" in legend and "does not state whether it is direct or indirect" in legend
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert '<caption id="matrix-caption">' in page


def test_matrix_shows_direct_and_indirect_links_with_their_own_symbols(client):
    goal = Goal.objects.get(edition__year=2017, number=6)
    source = "https://example.org/report"
    GoalSDGLink.objects.create(goal=goal, sdg=SDG.objects.get(number=15),
                               relation=GoalSDGLink.Relation.DIRECT, source=source)
    GoalSDGLink.objects.create(goal=goal, sdg=SDG.objects.get(number=16),
                               target=SDGTarget.objects.get(code="16.4"),
                               relation=GoalSDGLink.Relation.INDIRECT, source=source)
    _page, table = read_matrix(client, edition="2017")
    cells = marked(table)
    assert cells[("Goal 6", "SDG 15")]["visible"].strip() == "●"
    assert "Direct" in cells[("Goal 6", "SDG 15")]["hidden"]
    both = cells[("Goal 6", "SDG 16")]
    assert both["visible"].strip() == "○?"
    assert "Indirect (target 16.4)" in both["hidden"]
    assert "Not stated by the source" in both["hidden"]
    assert cells[("Goal 5", "SDG 16")]["visible"].strip() == "?"


@pytest.mark.parametrize("value", ["abc", "1999", "", "2017'--"])
def test_a_wrong_edition_is_reported_and_the_latest_shown(client, value):
    page, table = read_matrix(client, edition=value)
    assert 'class="form-error" role="alert"' in page
    assert "Showing the Global Policing Goals, 2023 revision instead." in page
    assert len(table.rows) == 7
    assert ("Goal 1", "SDG 16") not in marked(table)


def test_matrix_query_count_does_not_grow_with_links(client, django_assert_max_num_queries):
    goal = Goal.objects.get(edition__year=2017, number=1)
    for sdg in SDG.objects.exclude(number__in=[5, 16, 17]):
        GoalSDGLink.objects.create(goal=goal, sdg=sdg, relation="indirect",
                                   source="https://example.org/report")
    with django_assert_max_num_queries(5):
        _page, table = read_matrix(client, edition="2017")
    assert len([c for c in table.rows[0]["cells"] if c["links"]]) == 17
