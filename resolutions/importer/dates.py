"""Dates as the documents write them: "03 May 2017", "3rd July 2023",
"from 28 November to 1 December 2023"."""

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ], start=1)
    for name in names
}
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-9]{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:1[89]|2[0-9])[0-9]{{2}})"
_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"

# 3 May 2017 · 3rd July 2023 · Monday 3rd July 2023 · May 3, 2017
DATE = re.compile(
    r"\b" + _WEEKDAY + "(?:"
    + _DAY.format("d1") + r"\s+(?:of\s+)?" + _MONTH.format("m1") + r",?\s+" + _YEAR.format("y1")
    + "|" + _MONTH.format("m2") + r"\s+" + _DAY.format("d2") + r",?\s+" + _YEAR.format("y2")
    + r")\b",
    re.IGNORECASE,
)

# 26 to 29 September 2017 · 28 November to 1 December 2023 · 26-29 September 2017
# · 30 December 2023 to 2 January 2024 · 4th to 11th September 1984
DATE_RANGE = re.compile(
    _DAY.format("d1") + r"(?:\s+" + _MONTH.format("m1") + r"(?:,?\s+" + _YEAR.format("y1")
    + r")?)?\s*(?:to|until|till|-|–|—|and)\s*" + _DAY.format("d2") + r"\s+"
    + _MONTH.format("m2") + r",?\s+" + _YEAR.format("y2"),
    re.IGNORECASE,
)


class DateError(ValueError):
    pass


def make_date(year, month, day):
    try:
        return datetime.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
    except ValueError as exc:
        raise DateError(f"no such date: {day} {month} {year}") from exc


def find_date(text):
    """The first date written in text, as (date, match), or (None, None)."""
    for match in DATE.finditer(text):
        if match["d1"]:
            return make_date(match["y1"], match["m1"], match["d1"]), match
        return make_date(match["y2"], match["m2"], match["d2"]), match
    return None, None


def parse_range(text):
    """(start, end) of a written range of days, or of a single date."""
    match = DATE_RANGE.search(text)
    if match:
        end = make_date(match["y2"], match["m2"], match["d2"])
        start_month = match["m1"] or match["m2"]
        start_year = match["y1"] or (
            match["y2"] if MONTHS[start_month.lower().rstrip(".")] <= end.month
            else str(end.year - 1)
        )
        start = make_date(start_year, start_month, match["d1"])
        if start > end:
            raise DateError(f"the dates run backwards: {match.group(0)}")
        return start, end
    date, _ = find_date(text)
    if date is None:
        raise DateError(f"no dates found in: {text}")
    return date, date
