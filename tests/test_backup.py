"""Backups lose nothing: backup, then restore into an empty database, gives
back every table with the same rows, and a failed restore changes nothing.

The source is the test database (reference data and seed documents, loaded
by conftest), plus accounts, a session, an admin log entry and sign-in
records written here and removed afterwards. The copy goes into a scratch
database, `<test database>_restore`, created on the same server and dropped
at the end.
"""

import copy
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import Client

from resolutions.models import Document

PASSWORD = "backup-check-password-63"
# Tables that must hold rows in the source, so the comparison means something.
FILLED = [
    "resolutions_session", "resolutions_document", "resolutions_clause",
    "resolutions_document_goals", "resolutions_goal", "resolutions_goaltitle",
    "resolutions_subgoal", "resolutions_sdg", "resolutions_sdgtarget",
    "resolutions_goalsdglink", "resolutions_theme", "resolutions_organization",
    "resolutions_programme", "resolutions_meeting", "auth_user", "auth_group",
    "auth_user_groups", "auth_user_user_permissions", "django_session", "django_admin_log",
    "axes_accessattempt", "axes_accesslog", "django_content_type", "auth_permission",
    "django_migrations",
]


def snapshot(alias):
    """Row count and a checksum of the rows, per table; last value, per sequence."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [name for (name,) in cursor.fetchall()]
        state = {}
        for table in tables:
            # Names come from the catalogue, quoted; rows are compared as text, in order.
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                f" FROM {connection.ops.quote_name(table)} AS t"
            )
            state[table] = cursor.fetchone()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        state["sequences"] = sorted(cursor.fetchall())
    return state


@pytest.fixture
def source(django_db_setup, django_db_blocker):
    """The test database with a row in the tables reference data leaves empty."""
    with django_db_blocker.unblock():
        user = User.objects.create_user("backup-check", password=PASSWORD, is_staff=True)
        group = Group.objects.create(name="Backup check")
        user.groups.add(group)
        user.user_permissions.add(Permission.objects.get(codename="view_document"))
        document = Document.objects.first()
        LogEntry.objects.create(
            user=user, content_type=ContentType.objects.get_for_model(Document),
            object_id=str(document.pk), object_repr=str(document)[:200], action_flag=CHANGE,
            change_message="Checked for the backup test",
        )
        # A successful and a failed sign-in: a session and the attempt records.
        client = Client()
        client.post("/admin/login/", {"username": "backup-check", "password": PASSWORD})
        session_key = client.session.session_key
        Client().post("/admin/login/", {"username": "backup-check", "password": "wrong"})
        try:
            yield "default"
        finally:
            Session.objects.filter(session_key=session_key).delete()
            AccessAttempt.objects.filter(username="backup-check").delete()
            AccessLog.objects.filter(username="backup-check").delete()
            user.delete()
            group.delete()


@pytest.fixture
def scratch(django_db_setup, django_db_blocker):
    """An empty database beside the test database, as the alias 'restore'."""
    with django_db_blocker.unblock():
        main = connections["default"]
        config = copy.deepcopy(main.settings_dict)
        config["NAME"] = f"{config['NAME']}_restore"
        name = main.ops.quote_name(config["NAME"])
        with main.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
        connections.settings["restore"] = config
        try:
            yield "restore"
        finally:
            connections["restore"].close()
            del connections["restore"]
            del connections.settings["restore"]
            with main.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_restored_into_an_empty_database_gives_back_every_row(
        source, scratch, tmp_path, django_db_blocker):
    backup = tmp_path / "kb.dump"
    with django_db_blocker.unblock():
        before = snapshot(source)
        call_command("backup", str(backup), verbosity=0)
        call_command("restore", str(backup), database=scratch, interactive=False, verbosity=0)
        after = snapshot(scratch)
        assert snapshot(source) == before  # backing up changed nothing

        for table in FILLED:
            assert before[table][0] > 0, f"{table} is empty: the check would prove nothing"
        assert after.keys() == before.keys()
        for table in before:
            assert after[table] == before[table], table

        # The copy takes new rows where the original left off, without a clash.
        existing = list(Group.objects.using(scratch).values_list("pk", flat=True))
        added = Group.objects.using(scratch).create(name="After the restore")
        assert added.pk > max(existing)


def test_a_failed_restore_leaves_the_database_as_it_was(
        source, scratch, tmp_path, django_db_blocker):
    backup = tmp_path / "kb.dump"
    broken = tmp_path / "broken.dump"
    with django_db_blocker.unblock():
        call_command("backup", str(backup), verbosity=0)
        call_command("restore", str(backup), database=scratch, interactive=False, verbosity=0)
        Group.objects.using(scratch).filter(name="Backup check").update(name="Changed since")
        before = snapshot(scratch)
        # Cut short, as a copy interrupted halfway would be.
        data = backup.read_bytes()
        broken.write_bytes(data[: len(data) * 2 // 3])
        with pytest.raises(CommandError, match="restore failed, nothing was changed"):
            call_command("restore", str(broken), database=scratch, interactive=False)
        assert snapshot(scratch) == before
        assert Group.objects.using(scratch).filter(name="Changed since").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    with pytest.raises(CommandError, match=re.escape(f"{text}: not a backup written by")):
        call_command("restore", str(text), interactive=False)
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("restore", str(tmp_path / "missing.dump"), interactive=False)


def test_restore_asks_first_and_a_no_changes_nothing(
        source, scratch, tmp_path, django_db_blocker, monkeypatch):
    backup = tmp_path / "kb.dump"
    with django_db_blocker.unblock():
        call_command("backup", str(backup), verbosity=0)
        before = snapshot(scratch)
        questions = []
        monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or "no")
        with pytest.raises(CommandError, match="Restore cancelled"):
            call_command("restore", str(backup), database=scratch)
        assert "replaces the contents of database" in questions[0]
        assert snapshot(scratch) == before


def test_a_backup_that_cannot_be_written_leaves_no_file(source, tmp_path, django_db_blocker):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with django_db_blocker.unblock(), pytest.raises(CommandError):
        call_command("backup", str(blocker / "kb.dump"), verbosity=0)
    assert list(tmp_path.iterdir()) == [blocker]


# Marked for the database like the suite's other tests, so that this module
# alone still gets the test database the fixtures above commit to.
@pytest.mark.django_db
def test_without_a_path_the_backup_goes_to_a_dated_file(tmp_path, monkeypatch):
    monkeypatch.setattr("resolutions.management.commands.backup.BACKUP_DIR", tmp_path / "b")
    call_command("backup", verbosity=0)
    [written] = (tmp_path / "b").iterdir()
    assert re.fullmatch(r"gpg_kb-\d{8}T\d{6}Z\.dump", written.name)
    assert written.read_bytes().startswith(b"PGDMP")
