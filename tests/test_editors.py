"""Editors: the account command, what the group may do, and the history of their edits."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.formats import date_format

from resolutions.models import Goal, GoalSDGLink, GoalTitle, Session, SubGoalText, Theme

from .test_admin import SOURCE, change_url, form_data, inline_row

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = {
    f"resolutions.{action}_{model}"
    for model in ["goal", "goaltitle", "subgoal", "subgoaltext", "theme", "goalsdglink"]
    for action in ["add", "change", "view"]
} | {"resolutions.view_document", "resolutions.view_session"}


def create_editor(username="ines"):
    """Run the command as an administrator would; return the printed password."""
    out = io.StringIO()
    call_command("create_editor", username, "--generate-password", stdout=out)
    match = re.search(r"Password \(shown only this once\): (\S+)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


def sign_in(client, username, password):
    """Sign in through the admin's login form, as a person would."""
    page = client.get(reverse("admin:login"))
    data = form_data(page, "login-form")
    data.update(username=username, password=password)
    response = client.post(reverse("admin:login") + "?next=/admin/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def editor_client(client):
    return sign_in(client, "ines", create_editor("ines"))


def test_editors_group_has_exactly_the_agreed_permissions():
    group = Group.objects.get(name="Editors")
    granted = {f"{p.content_type.app_label}.{p.codename}"
               for p in group.permissions.select_related("content_type")}
    assert granted == EDITOR_PERMISSIONS


def test_create_editor_makes_a_staff_account_in_the_group():
    password = create_editor("ines")
    user = get_user_model().objects.get(username="ines")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.check_password(password)
    assert user.get_all_permissions() == EDITOR_PERMISSIONS


def test_create_editor_asks_for_the_password_twice(monkeypatch):
    answers = iter(["not-the-same-1", "Different-pw-2", "tall-Harbour-42", "tall-Harbour-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    out, err = io.StringIO(), io.StringIO()
    call_command("create_editor", "omar", stdout=out, stderr=err)
    assert "The two passwords differ." in err.getvalue()
    assert "Password" not in out.getvalue()  # a typed password is never printed
    assert get_user_model().objects.get(username="omar").check_password("tall-Harbour-42")


def test_create_editor_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "password")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    err = io.StringIO()
    with pytest.raises(CommandError, match="No acceptable password"):
        call_command("create_editor", "omar", stderr=err)
    assert "too common" in err.getvalue()
    assert not get_user_model().objects.filter(username="omar").exists()


def test_create_editor_refuses_a_taken_or_invalid_name():
    create_editor("ines")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_editor", "ines", "--generate-password", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Enter a valid username"):
        call_command("create_editor", "no spaces!", "--generate-password", stdout=io.StringIO())


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    for url in [reverse("admin:index"), reverse("admin:resolutions_goal_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_editor_cannot_delete_a_session_or_open_the_user_admin(editor_client):
    session = Session.objects.get(number=86)
    assert editor_client.get(change_url(session)).status_code == 200  # may read it
    delete_url = reverse("admin:resolutions_session_delete", args=[session.pk])
    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Session.objects.filter(number=86).exists()
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_editor_reads_documents_with_their_clauses_but_cannot_change_them(editor_client):
    from resolutions.models import Document

    document = Document.objects.get(symbol="GA-2017-86-RES-06")
    response = editor_client.get(change_url(document))
    assert response.status_code == 200
    assert "ENDORSES" in response.content.decode()
    assert not response.context["has_change_permission"]
    assert editor_client.post(change_url(document), {"title": "x"}).status_code == 403
    # Importing adds documents, which editors may not do: the list offers no import.
    listing = editor_client.get(reverse("admin:resolutions_document_changelist"))
    assert reverse("document-import") not in listing.content.decode()


def test_editor_index_lists_only_what_the_editor_may_use(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:resolutions_goal_changelist") in page
    assert reverse("admin:resolutions_document_changelist") in page
    assert reverse("admin:auth_user_changelist") not in page
    assert reverse("admin:resolutions_sdg_changelist") not in page


def test_public_goal_page_says_when_no_edit_is_recorded(client):
    page = client.get(reverse("goal-detail", args=[2017, 5])).content.decode()
    assert "No edit recorded since the reference data was loaded" in page


def edit_goal_title(client, goal, old, new):
    data = form_data(client.get(change_url(goal)), "goal_form")
    data[f"titles-{inline_row(data, 'titles', 'text', old)}-text"] = new
    response = client.post(change_url(goal), data)
    assert response.status_code == 302, response.context["errors"]


def edit_sub_goal_text(client, sub_goal, old, new):
    data = form_data(client.get(change_url(sub_goal)), "subgoal_form")
    data[f"texts-{inline_row(data, 'texts', 'text', old)}-text"] = new
    response = client.post(change_url(sub_goal), data)
    assert response.status_code == 302, response.context["errors"]


def test_editor_changes_a_goal_and_a_sub_goal_then_reverts_the_title(editor_client):
    goal = Goal.objects.get(edition__year=2017, number=2)
    title = goal.titles.get(language="en")
    sub_goal = goal.sub_goals.first()
    sub_goal_text = sub_goal.texts.get(language="en")
    old_title, old_text = title.text, sub_goal_text.text
    assert goal.last_changed is None  # the reference data carries no edits

    edit_goal_title(editor_client, goal, old_title, "Promote border integrity everywhere")
    edit_sub_goal_text(editor_client, sub_goal, old_text, "A sub-goal in new words")
    # Only the edited rows get a new version, not the unchanged goal and sub-goal saved with them.
    assert not goal.history.exists()
    assert not sub_goal.history.exists()

    # The public goal page shows the new wording at once, and when it last changed.
    public = editor_client.get(reverse("goal-detail", args=[2017, 2]))
    page = public.content.decode()
    assert "Promote border integrity everywhere" in page
    assert "A sub-goal in new words" in page
    assert old_title not in page
    changed = Goal.objects.with_last_changed().get(pk=goal.pk).last_changed_at
    assert changed is not None
    assert f'<time datetime="{changed.isoformat()}">{date_format(changed)}</time>' in page

    # The goal's history lists both edits, with the editor's name and the old and new text.
    history = editor_client.get(reverse("admin:resolutions_goal_history", args=[goal.pk]))
    assert history.status_code == 200
    changes = {(c.label, getattr(c.record.history_user, "username", None), tuple(c.changes))
               for c, _url in history.context["part_changes"]}
    assert ("English: Promote border integrity everywhere", "ines",
            (("text", old_title, "Promote border integrity everywhere"),)) in changes
    assert (f"{sub_goal.code} (English)", "ines",
            (("text", old_text, "A sub-goal in new words"),)) in changes
    page = history.content.decode()
    assert page.count("ines") >= 2
    assert "A sub-goal in new words" in page

    # The title's own history lists the version as loaded and the editor's; reverting to
    # the loaded one restores the old text on the goal.
    title_history = editor_client.get(
        reverse("admin:resolutions_goaltitle_history", args=[title.pk]))
    versions = title_history.context["page_obj"].object_list
    assert [(v.text, v.history_user) for v in versions] == [
        ("Promote border integrity everywhere", get_user_model().objects.get(username="ines")),
        (old_title, None),
    ]
    revert_url = reverse("admin:resolutions_goaltitle_simple_history",
                         args=[title.pk, versions[1].history_id])
    assert revert_url in title_history.content.decode()
    data = form_data(editor_client.get(revert_url), "historicalgoaltitle_form")
    assert data["text"] == old_title
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302
    assert Goal.objects.get(pk=goal.pk).title.text == old_title
    assert old_title in editor_client.get(reverse("goal-detail", args=[2017, 2])).content.decode()

    latest = GoalTitle.history.filter(id=title.pk).latest()
    assert latest.history_user.username == "ines"
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert SubGoalText.objects.get(pk=sub_goal_text.pk).text == "A sub-goal in new words"


def test_last_changed_follows_every_part_of_a_goal_in_one_query(django_assert_num_queries):
    goals = {g.number: g for g in Goal.objects.filter(edition__year=2017)}
    goals[1].sdg_links.first().save()
    goals[2].sub_goals.first().texts.first().save()
    goals[3].sub_goals.last().delete()
    goals[4].titles.first().save()
    goals[5].save()

    with django_assert_num_queries(1):
        changed = {g.number: g.last_changed for g in
                   Goal.objects.filter(edition__year=2017).with_last_changed()}
    assert [n for n in changed if changed[n] is not None] == [1, 2, 3, 4, 5]
    assert changed[6] is None and changed[7] is None
    assert changed[3] > changed[2]  # the later edit, a deletion, counts too
    assert Goal.objects.get(pk=goals[3].pk).last_changed == changed[3]


def test_goal_history_page_lists_changes_to_its_parts(editor_client, django_assert_max_num_queries):
    goal = Goal.objects.get(edition__year=2017, number=3)
    removed = goal.sub_goals.last()
    removed.delete()
    text = goal.sub_goals.first().texts.first()  # a sub-goal never edited itself
    text.text = "Reworded"
    text.save()
    with django_assert_max_num_queries(15):
        response = editor_client.get(reverse("admin:resolutions_goal_history", args=[goal.pk]))
    assert response.status_code == 200
    actions = [(c.label, c.record.get_history_type_display())
               for c, _url in response.context["part_changes"]]
    assert (removed.code, "Deleted") in actions
    assert (f"{text.sub_goal.code} (English)", "Changed") in actions


def test_editor_adds_a_link_choosing_the_goal_by_autocomplete(editor_client):
    found = editor_client.get(reverse("admin:autocomplete"), {
        "app_label": "resolutions", "model_name": "goalsdglink", "field_name": "goal",
        "term": "border",
    }).json()["results"]
    assert [r["text"] for r in found] == ["Goal 2 (2017): Promote border integrity worldwide"]

    response = editor_client.post(reverse("admin:resolutions_goalsdglink_add"), {
        "goal": found[0]["id"], "sdg": "3", "target": "", "relation": "indirect",
        "source": SOURCE, "note": "",
    })
    assert response.status_code == 302
    link = GoalSDGLink.objects.get(goal_id=found[0]["id"], sdg__number=3)
    assert link.history.get().history_user.username == "ines"
    # The editor may not delete what they added.
    delete_url = reverse("admin:resolutions_goalsdglink_delete", args=[link.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403


def test_editor_renames_a_theme_and_sees_it_in_its_history(editor_client):
    theme = Theme.objects.get(position=1)
    data = form_data(editor_client.get(change_url(theme)), "theme_form")
    data["description"] = "Underpins every goal."
    assert editor_client.post(change_url(theme), data).status_code == 302
    history = editor_client.get(reverse("admin:resolutions_theme_history", args=[theme.pk]))
    page = history.content.decode()
    assert "Underpins every goal." in page
    assert "ines" in page
