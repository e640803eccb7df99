"""Using the site with the keyboard alone."""

import re

from playwright.sync_api import expect

from .keyboard import focus_ring, tab_until


def test_skip_link_is_first_visible_on_focus_and_jumps_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues from the content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_search_and_its_results_are_reached_with_tab_with_a_visible_focus_ring(page):
    page.goto("/")
    tab_until(page, "#site-q", limit=3)
    style, width = focus_ring(page)
    assert style != "none" and width >= 2
    page.keyboard.type("data sharing")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=data\+sharing$"))
    page.wait_for_load_state()

    tab_until(page, ".doc-rows a")
    style, width = focus_ring(page)
    assert style != "none" and width >= 2
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/resolutions/GA-2023-91-RES-12/$"))
