"""Every public page type: no serious accessibility violation, no sideways scroll on a
phone, no error in the browser."""

import pytest

from resolutions.models import Document

from .checks import (
    PHONE,
    record_errors,
    save_screenshot,
    serious_violations,
    sideways_overflow,
)

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


def check_page(page, path, status):
    errors = record_errors(page)
    response = page.goto(path)
    assert response.status == status
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == []
    assert errors == []


@pytest.mark.parametrize("target", PAGES.values(), ids=PAGES.keys())
def test_page_is_accessible_fits_a_phone_and_runs_clean(page, target):
    check_page(page, page_path(target), 200)


def test_not_found_page_is_accessible_fits_a_phone_and_runs_clean(page):
    check_page(page, NOT_FOUND, 404)


# Pictures at desktop width for people to look at; not compared by the tests.
SCREENSHOTS = ["home", "document-list", "resolution", "goal-detail", "matrix"]


def test_main_pages_are_saved_as_screenshots(page):
    for name in SCREENSHOTS:
        assert page.goto(page_path(PAGES[name])).ok
        png = save_screenshot(page, name).read_bytes()
        # The PNG header gives the width: the page as a desktop browser shows it.
        assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 1280


# Arabic is read right to left: the layout must hold mirrored too.
RIGHT_TO_LEFT = ["home", "resolution", "matrix"]


@pytest.mark.parametrize("name", RIGHT_TO_LEFT)
def test_right_to_left_page_is_accessible_and_fits_a_phone(new_context, name):
    page = new_context(locale="ar").new_page()
    page.goto(page_path(PAGES[name]))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == []
