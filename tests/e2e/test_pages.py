"""Every public page type: no serious accessibility violation, no sideways scroll on a phone."""

import pytest

from resolutions.models import Document

from .checks import PHONE, save_screenshot, serious_violations, sideways_overflow

# One page of each kind a visitor can reach. A meeting summary shows its text
# as paragraphs, not clauses; it has no symbol, so it is found by kind.
PAGES = {
    "home": "/",
    "document-list": "/resolutions/",
    "resolution": "/resolutions/GA-2023-91-RES-12/",
    "meeting-summary": Document.Kind.MEETING_SUMMARY,
    "search": "/search/?q=data+sharing",
    "session-list": "/sessions/",
    "session-detail": "/sessions/86/",
    "goal-list": "/goals/",
    "goal-detail": "/goals/2017/3/",
    "goal-compare": "/goals/compare/",
    "theme-list": "/themes/",
    "theme-detail": "/themes/data-and-information-sharing/",
    "sdg-list": "/sdgs/",
    "sdg-detail": "/sdgs/16/",
    "matrix": "/matrix/",
    "organization-list": "/organizations/",
    "organization-detail": "/organizations/europol/",
    "coverage": "/coverage/",
    "open-data": "/api/",
}
NOT_FOUND = "/goals/2099/"


def page_path(target):
    if target.startswith("/"):
        return target
    return Document.objects.filter(kind=target).order_by("date").first().get_absolute_url()


@pytest.mark.parametrize("target", PAGES.values(), ids=PAGES.keys())
def test_page_passes_axe_and_fits_a_phone(page, target):
    response = page.goto(page_path(target))
    assert response.status == 200
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == []


def test_not_found_page_passes_axe_and_fits_a_phone(page):
    response = page.goto(NOT_FOUND)
    assert response.status == 404
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == []


# Pictures at desktop width for people to look at; not compared by the tests.
SCREENSHOTS = ["home", "document-list", "resolution", "goal-detail", "matrix"]


def test_main_pages_are_saved_as_screenshots(page):
    for name in SCREENSHOTS:
        page.goto(page_path(PAGES[name]))
        assert save_screenshot(page, name).stat().st_size > 0
