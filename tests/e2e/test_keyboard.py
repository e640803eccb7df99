"""Using the site with the keyboard alone."""

from .keyboard import focus_ring, tab_until


def test_skip_link_is_first_visible_on_focus_and_jumps_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues from the content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_search_box_is_reached_with_tab_and_shows_a_focus_ring(page):
    page.goto("/")
    tab_until(page, "#site-q", limit=3)
    style, width = focus_ring(page)
    assert style != "none" and width >= 2
