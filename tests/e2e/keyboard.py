"""Keyboard helpers: move focus with Tab as a person without a mouse does."""


def tab_until(page, selector, limit=40):
    """Press Tab until the focused element matches `selector`; the number of presses.

    Fails if `limit` presses do not get there: the element is out of the tab order.
    """
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def focus_ring(page):
    """The focused element's outline, as (style, width in px)."""
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return [style.outlineStyle, parseFloat(style.outlineWidth)];
    }""")
