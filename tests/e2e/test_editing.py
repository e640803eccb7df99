"""An editor changes a sub-goal in the admin, and the public goal page shows it."""

import re

from playwright.sync_api import expect

from .accounts import EDITOR

ORIGINAL = "Identify and arrest terrorist suspects"
EDITED = f"{ORIGINAL} (changed in the admin)"


def test_editor_changes_a_sub_goal_and_the_goal_page_shows_it(page, restore_framework):
    page.goto("/goals/2017/1/")
    expect(page.locator("[id='sub-goal-1.1']")).to_contain_text(ORIGINAL)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(EDITOR["username"])
    page.get_by_label("Password").fill(EDITOR["password"])
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Sub-goals", exact=True).click()
    page.locator("#changelist-filter").get_by_role(
        "link", name="Global Policing Goals (2017)").click()
    page.locator("#result_list").get_by_role("link", name="1.1", exact=True).click()
    wording = page.locator("#id_texts-0-text")
    expect(wording).to_have_value(ORIGINAL)
    wording.fill(EDITED)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/goals/2017/1/")
    expect(page.locator("[id='sub-goal-1.1']")).to_contain_text(EDITED)
