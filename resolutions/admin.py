from django.contrib import admin

from . import models

for model in [
    models.Session, models.Meeting, models.Organization, models.Programme, models.Edition,
    models.Goal, models.GoalTitle, models.SubGoal, models.SubGoalText, models.Theme, models.SDG,
    models.SDGTarget, models.GoalSDGLink, models.Document, models.Clause, models.Citation,
]:
    admin.site.register(model)
