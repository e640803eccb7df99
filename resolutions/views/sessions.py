"""Pages of the General Assembly sessions."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Session
from ..models.sessions import ordinal
from .framework import documents_page


def session_list(request):
    return render(request, "resolutions/session_list.html", {
        "timeline": Session.objects.real().with_document_counts().timeline(),
        "nav_section": "sessions",
        "breadcrumbs": [(_("General Assembly sessions"), None)],
    })


def session_detail(request, number):
    session = get_object_or_404(Session.objects.real(), number=number)
    return render(request, "resolutions/session_detail.html", {
        "session": session,
        "session_ordinal": ordinal(session.number),
        "editions": session.editions.all(),
        "documents": documents_page(request, session.documents.all()),
        "nav_section": "sessions",
        "breadcrumbs": [
            (_("General Assembly sessions"), reverse("session-list")), (str(session), None),
        ],
    })
