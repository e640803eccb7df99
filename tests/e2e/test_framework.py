"""Journeys through the goals framework: editions, the comparison, the GPG × SDG matrix."""

import re

from playwright.sync_api import expect


def test_open_a_goal_switch_edition_and_open_the_comparison(page):
    page.goto("/goals/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Global Policing Goals, 2023 revision")
    page.get_by_role("navigation", name="Editions of the goals").get_by_role(
        "link", name="2017 edition").click()
    expect(page).to_have_url(re.compile(r"/goals/2017/$"))

    page.locator(".goal-list").get_by_role("link", name=re.compile(r"^Goal 3\b")).click()
    expect(page).to_have_url(re.compile(r"/goals/2017/3/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protect vulnerable communities")
    sub_goals = page.locator(".sub-goals > li")
    expect(sub_goals).to_have_count(4)
    expect(sub_goals.nth(3)).to_contain_text("truncated in the source")

    page.get_by_role("link", name=re.compile(r"^Goal 3 in the .*2023")).click()
    expect(page).to_have_url(re.compile(r"/goals/2023/3/$"))
    # The 2023 title is known only in French, and is marked so.
    title = page.get_by_role("heading", level=1).locator("[lang=fr]")
    expect(title).to_contain_text("protection des groupes vulnérables")

    page.get_by_role("link", name="What changed between the editions").click()
    expect(page).to_have_url(re.compile(r"/goals/compare/#goal-3$"))
    section = page.locator("#goal-3")
    expect(section.get_by_role("heading", level=2)).to_have_text("Goal 3")
    expect(section).to_be_in_viewport()
    expect(section).to_contain_text("Protect vulnerable communities")


def test_matrix_switch_edition_and_follow_a_cell_to_its_source(page):
    page.goto("/matrix/")
    page.get_by_label("Edition").select_option("2017")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/matrix/\?edition=2017$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017")

    table = page.get_by_role("table", name=re.compile("Links between the goals"))
    table.get_by_role("link", name=re.compile(r"^Goal 2 and SDG 5:")).click()

    expect(page).to_have_url(re.compile(r"/goals/2017/2/#sdg-5$"))
    link = page.locator("#sdg-5")
    expect(link).to_be_in_viewport()
    expect(link).to_contain_text("Gender Equality")
    expect(link).to_contain_text("Not stated by the source")
    expect(link.get_by_role("link", name="source")).to_have_attribute("href", re.compile("^https://"))
