from django.db.models import Count
from django.shortcuts import render

from ..models import Document, Edition, Goal, Session


def home(request):
    editions = list(Edition.objects.order_by("year"))
    goals = Goal.objects.with_wording().filter(edition__in=editions)
    first, latest = editions[0], editions[-1]
    revised = {goal.number: goal for goal in goals if goal.edition_id == latest.pk}
    rows = [(goal, revised.get(goal.number)) for goal in goals if goal.edition_id == first.pk]
    counts = dict(
        Document.objects.real().values_list("kind").annotate(n=Count("id")).order_by()
    )
    return render(request, "home.html", {
        "first_edition": first,
        "latest_edition": latest,
        "goal_rows": rows,
        # Aggregation drops Meta.ordering, so the order is explicit.
        "sessions": Session.objects.real().with_document_counts().order_by("-number")[:6],
        "document_counts": [(label, counts.get(kind, 0)) for kind, label in Document.Kind.choices],
    })
