"""What the change history says about a goal and the rows that make it up.

A goal's public wording lives in several tables (titles, sub-goals and their
texts, SDG links), each with a history table of its own. These helpers read
them together, so "last changed" and "what changed" cover the whole goal.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.db.models.signals import pre_save
from django.utils.translation import gettext

TRACKED_MODELS = ["Goal", "GoalTitle", "SubGoal", "SubGoalText", "Theme", "GoalSDGLink"]


def _history(model_name):
    from django.apps import apps

    return apps.get_model("resolutions", model_name).history.model


def keep_loaded_state(sender, instance, raw=False, **kwargs):
    """Before the first recorded change to a row, record the row as it was loaded.

    Loading fixtures writes no history, so without this the first edit of a
    reference row would leave no earlier version to compare with or revert to.
    """
    if raw or instance._state.adding or instance.pk is None or getattr(
            instance, "skip_history_when_saving", False):
        return
    if sender.history.filter(id=instance.pk).exists():
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    stored._history_user = None
    sender.history.bulk_history_create(
        [stored], update=True,
        default_change_reason=gettext("as loaded from the reference data"))


for _name in TRACKED_MODELS:
    pre_save.connect(keep_loaded_state, sender=f"resolutions.{_name}",
                     dispatch_uid=f"keep-loaded-state-{_name}")


def _latest(history, **lookup):
    rows = history.objects.filter(**lookup).order_by("-history_date").values("history_date")
    return Subquery(rows[:1])


def goal_last_changed():
    """An expression for goal querysets: the latest recorded change to the goal or its parts.

    NULL for a goal nobody has edited since the reference data was loaded
    (loading fixtures records no history).
    """
    goal = OuterRef("pk")
    # A sub-goal's texts belong to the goal through the sub-goal, which may be gone.
    text_rows = _history("SubGoalText").objects.filter(
        Q(sub_goal__goal=goal)
        | Q(sub_goal__in=_history("SubGoal").objects.filter(goal=OuterRef(goal)).values("id"))
    ).order_by("-history_date").values("history_date")
    return Greatest(
        _latest(_history("Goal"), id=goal),
        _latest(_history("GoalTitle"), goal=goal),
        _latest(_history("SubGoal"), goal=goal),
        Subquery(text_rows[:1]),
        _latest(_history("GoalSDGLink"), goal=goal),
    )


@dataclass
class PartChange:
    """One recorded change to a part of a goal, with the fields it changed."""

    record: object
    label: str
    changes: list = field(default_factory=list)

    @property
    def model(self):
        return self.record.instance_type

    @property
    def model_name(self):
        return self.model._meta.verbose_name

    @property
    def date(self) -> datetime:
        return self.record.history_date


def goal_part_changes(goal, limit=50):
    """The latest changes to a goal's titles, sub-goals, sub-goal texts and SDG links.

    One query per part table; each change is compared with the previous
    version of the same row, so the list says what changed, not only that it did.
    """
    sub_goal_rows = list(_history("SubGoal").objects.filter(goal=goal)
                         .select_related("history_user"))
    # Codes of the sub-goals the goal has or had, for naming their texts' changes.
    codes = {row.id: row.code for row in sorted(sub_goal_rows, key=lambda r: r.history_date)}
    codes.update(goal.sub_goals.values_list("id", "code"))
    histories = [
        (_history("GoalTitle").objects.filter(goal=goal),
         lambda r: f"{r.get_language_display()}: {r.text}"),
        (sub_goal_rows, lambda r: r.code),
        (_history("SubGoalText").objects.filter(sub_goal__in=list(codes)),
         lambda r: f"{codes.get(r.sub_goal_id, '?')} ({r.get_language_display()})"),
        (_history("GoalSDGLink").objects.filter(goal=goal).select_related("sdg", "target"),
         lambda r: gettext("SDG %(number)s") % {"number": r.sdg.number}
         + (f" ({r.target.code})" if r.target_id else "")),
    ]
    entries = []
    for rows, label in histories:
        if hasattr(rows, "select_related"):
            rows = rows.select_related("history_user")
        previous = {}
        for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
            entry = PartChange(row, label(row))
            before = previous.get(row.id)
            if before is not None and row.history_type == "~":
                delta = row.diff_against(before, foreign_keys_are_objs=False)
                entry.changes = [
                    (str(row.instance_type._meta.get_field(c.field).verbose_name), c.old, c.new)
                    for c in delta.changes
                ]
            previous[row.id] = row
            entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.record.history_id), reverse=True)
    return entries[:limit]
