"""The admin's "Import document" page: paste or upload, preview, confirm.

The preview runs the whole import in a transaction that is rolled back, so what
it shows (created or updated, the changes, a new session) is what confirming
will do.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import SDG, Document, Goal, Organization, Programme, Theme
from .forms import ConfirmImportForm, ImportTextForm
from .loader import UPDATED, Source, import_sources

TEMPLATE = "admin/resolutions/document/import.html"
PASTED = "pasted-text.txt"


def import_document(request):
    if not request.user.has_perm("resolutions.add_document"):
        raise PermissionDenied
    context = {"form": ImportTextForm(), "preview": None}
    if request.method == "POST" and "confirm" in request.POST:
        form = ConfirmImportForm(request.POST)
        if form.is_valid():
            report = run(form.cleaned_data, dry_run=True)
            if report.ok and not forbidden_update(request, report):
                report = run(form.cleaned_data, dry_run=False)
            if report.ok and not forbidden_update(request, report):
                outcome = report.outcomes[0]
                messages.success(request, _("%(key)s: %(action)s.") % {
                    "key": outcome.key, "action": action_label(outcome.action)})
                return redirect("admin:resolutions_document_change", outcome.document_id)
            context["form"] = ImportTextForm(initial=form.cleaned_data)
            context["failures"] = report.failures
            context["forbidden"] = report.ok
    elif request.method == "POST":
        form = ImportTextForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            data = {"text": form.cleaned_data["text"], "kind": form.cleaned_data["kind"],
                    "source": form.cleaned_data["source"]}
            report = run(data, dry_run=True)
            context["failures"] = report.failures
            if report.ok:
                context["preview"] = preview(report.outcomes[0])
                context["forbidden"] = forbidden_update(request, report)
                context["confirm_form"] = ConfirmImportForm(initial=data)
    return TemplateResponse(request, TEMPLATE, {
        **admin.site.each_context(request),
        "title": _("Import document"),
        "opts": Document._meta,
        "changelist_url": reverse("admin:resolutions_document_changelist"),
        **context,
    })


def run(data, *, dry_run):
    name = data.get("source") or PASTED
    return import_sources([Source(name, data["text"].encode("utf-8", "surrogatepass"))],
                          dry_run=dry_run, kind=data.get("kind") or None, previews=True)


def forbidden_update(request, report):
    """Changing a document already in the base needs the right to change documents."""
    return any(o.action == UPDATED for o in report.outcomes) and not request.user.has_perm(
        "resolutions.change_document")


def action_label(action):
    return {"created": _("created"), "updated": _("updated"),
            "unchanged": _("unchanged")}[action]


def preview(outcome):
    tags = outcome.tags
    return {
        "outcome": outcome,
        "action": action_label(outcome.action),
        "document": outcome.parsed,
        "kind": dict(Document.Kind.choices).get(outcome.parsed.kind, outcome.parsed.kind),
        "status": dict(Document.Status.choices).get(outcome.parsed.status, ""),
        "clauses": outcome.parsed.clauses,
        "citations": [c for _, c in outcome.parsed.all_citations()],
        "goals": Goal.objects.filter(pk__in=tags.get("goals", [])).select_related("edition")
        .prefetch_related("titles"),
        "themes": Theme.objects.filter(pk__in=tags.get("themes", [])),
        "sdgs": SDG.objects.filter(pk__in=tags.get("sdgs", [])),
        "organizations": Organization.objects.filter(pk__in=tags.get("organizations", [])),
        "programmes": Programme.objects.filter(pk__in=tags.get("programmes", [])),
    }
