"""Golden files: each input text beside the structure it must parse to.

Inputs are the seed documents (fixtures/documents/) and synthetic texts in
tests/importer_golden/ written in the same formats for other years and older
symbol styles. After a deliberate change to the parser, rewrite the expected
files with `python -m tests.test_importer_golden` and review the diff.
"""

import json
from pathlib import Path

import pytest

from resolutions.importer.parser import parse_document
from resolutions.importer.text import decode

GOLDEN = Path(__file__).parent / "importer_golden"
SEEDS = Path(__file__).parents[1] / "fixtures" / "documents"


def inputs():
    return sorted([*SEEDS.glob("*.txt"), *GOLDEN.glob("*.txt")], key=lambda p: p.name)


def expected_path(source):
    return GOLDEN / f"{source.stem}.expected.json"


def parsed(source):
    return parse_document(decode(source.read_bytes())).as_dict()


@pytest.mark.parametrize("source", inputs(), ids=lambda p: p.stem)
def test_text_parses_to_its_golden_structure(source):
    expected = json.loads(expected_path(source).read_text(encoding="utf-8"))
    assert parsed(source) == expected


def test_every_expected_file_has_its_input():
    stems = {p.stem for p in inputs()}
    orphans = [p.name for p in GOLDEN.glob("*.expected.json")
               if p.name.removesuffix(".expected.json") not in stems]
    assert orphans == []


def test_golden_set_covers_every_kind_and_symbol_style():
    results = [parsed(source) for source in inputs()]
    assert {r["kind"] for r in results} == {"resolution", "news", "meeting_summary"}
    symbols = {r["symbol"] for r in results if r["symbol"]}
    assert any(s.startswith("GA-") for s in symbols)
    assert any(s.startswith("AG-") for s in symbols)
    assert any(s.startswith("AGN/") for s in symbols)
    assert {r["status"] for r in results} >= {"adopted", "rejected", ""}


def regenerate():
    for source in inputs():
        text = json.dumps(parsed(source), indent=2, ensure_ascii=False) + "\n"
        expected_path(source).write_text(text, encoding="utf-8")
        print(f"wrote {expected_path(source).name}")


if __name__ == "__main__":
    regenerate()
