"""Journeys through the documents: search, citations both ways, the filtered list."""

import re

from playwright.sync_api import expect

NEW = "GA-2023-91-RES-12"
OLD = "GA-2017-86-RES-06"


def symbol_link(scope, symbol):
    return scope.get_by_role("link", name=re.compile(re.escape(symbol)))


def test_search_from_home_then_follow_the_citation_and_back_through_cited_by(page):
    page.goto("/")
    page.get_by_role("searchbox", name="Search the knowledge base").fill("data sharing")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=data\+sharing$"))
    results = page.locator(".doc-rows")
    expect(symbol_link(results, NEW)).to_be_visible()
    symbol_link(results, NEW).click()

    expect(page).to_have_url(re.compile(f"/resolutions/{NEW}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEW)
    citations = page.get_by_role("region", name="Citations")
    symbol_link(citations, OLD).click()

    expect(page).to_have_url(re.compile(f"/resolutions/{OLD}/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Taking a Stance on Global Security")
    cited_by = page.locator(".doc-citations h3", has_text="Cited by").locator(
        "xpath=following-sibling::ul[1]")
    symbol_link(cited_by, NEW).click()

    expect(page).to_have_url(re.compile(f"/resolutions/{NEW}/$"))


def test_filter_the_list_by_year_then_session_through_the_form(page):
    page.goto("/resolutions/")
    results = page.locator(".doc-results .doc-row-title")
    expect(results).to_have_count(5)

    page.get_by_role("group", name="Year").get_by_role("checkbox", name=re.compile("^2023")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]year=2023(&|$)"))
    expect(results).to_have_count(2)
    expect(results.filter(has_text=NEW)).to_have_count(1)
    expect(results.filter(has_text=OLD)).to_have_count(0)

    page.get_by_role("group", name="General Assembly session").get_by_role(
        "checkbox", name=re.compile("^91st session")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]session=91(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]year=2023(&|$)"))
    expect(results).to_have_count(1)
    expect(results).to_contain_text(NEW)

    # The address alone reproduces a filtered list, with its choice shown in the form.
    page.goto("/resolutions/?session=86")
    expect(results).to_have_count(1)
    expect(results).to_contain_text(OLD)
    expect(page.get_by_role("group", name="General Assembly session").get_by_role(
        "checkbox", name=re.compile("^86th session"))).to_be_checked()
