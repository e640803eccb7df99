"""Every public page type: no serious accessibility violation, no sideways scroll on a phone."""

import pytest

from .checks import PHONE, save_screenshot, serious_violations, sideways_overflow

PAGES = {
    "home": "/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_passes_axe_and_fits_a_phone(page, path):
    response = page.goto(path)
    assert response.status == 200
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == []


# Pictures at desktop width for people to look at; not compared by the tests.
SCREENSHOT_PAGES = {"home": "/"}


def test_main_pages_are_saved_as_screenshots(page):
    for name, path in SCREENSHOT_PAGES.items():
        page.goto(path)
        assert save_screenshot(page, name).stat().st_size > 0
