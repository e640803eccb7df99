from .documents import Citation, Clause, Document
from .fields import Language
from .framework import Edition, Goal, GoalTitle, SubGoal, SubGoalText, Theme
from .organizations import Organization, Programme
from .sdgs import SDG, GoalSDGLink, SDGTarget
from .sessions import Meeting, Session

__all__ = [
    "SDG", "Citation", "Clause", "Document", "Edition", "Goal", "GoalSDGLink", "GoalTitle",
    "Language", "Meeting", "Organization", "Programme", "SDGTarget", "Session", "SubGoal",
    "SubGoalText", "Theme",
]
