"""What the browser tests check on any page: accessibility, layout, screenshots."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 level A and AA rules; best-practice rules are left to review.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# Git-ignored (under var/): pictures of the pages for people to look at.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def serious_violations(page):
    """axe-core's serious and critical WCAG 2.2 A/AA violations on the current page."""
    results = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        # Details of the rules that pass are not needed and take time to gather.
        "resultTypes": ["violations"],
    })
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def sideways_overflow(page):
    """If the page scrolls sideways: its width, and the elements that stick out past an edge.

    An empty list means the page fits the viewport.
    """
    return page.evaluate("""() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return [];
        const describe = el => el.tagName.toLowerCase()
            + (el.id ? "#" + el.id : "")
            + (el.classList.length ? "." + [...el.classList].join(".") : "");
        const sticksOut = el => {
            const box = el.getBoundingClientRect();  // past the left edge too, right to left
            return box.right > root.clientWidth + 0.5 || box.left < -0.5;
        };
        // Wide content inside its own scrolling box is fine: only the page must not scroll.
        const clipped = el => {
            for (let box = el.parentElement; box !== document.body; box = box.parentElement) {
                if (getComputedStyle(box).overflowX !== "visible") return true;
            }
            return false;
        };
        const culprits = [...document.body.querySelectorAll("*")]
            .filter(el => sticksOut(el) && !clipped(el))
            .filter(el => !el.parentElement || !sticksOut(el.parentElement))
            .map(el => `${describe(el)} (${Math.round(el.getBoundingClientRect().right)}px)`);
        return [`page (${root.scrollWidth}px)`, ...culprits.slice(0, 10)];
    }""")


def record_errors(page):
    """A list that fills with the errors the browser reports while on `page`.

    Chromium reports a style or script that the Content-Security-Policy
    blocks as a console error, so a page relying on one shows up here.
    """
    errors = []

    def on_console(message):
        url = message.location["url"]
        # The page's own status is checked apart (a 404 page is meant to be one).
        if message.type == "error" and url != page.url:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def save_screenshot(page, name):
    """A full-page picture of the current page at desktop width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
