"""Pages of the framework: goals in both editions, themes, SDGs, organizations,
the goals × SDGs matrix and the coverage of the base."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..comparison import compare_editions
from ..coverage import coverage as coverage_summary
from ..matrix import EditionChoiceForm, build_matrix
from ..models import SDG, Document, Edition, Goal, GoalSDGLink, Organization, Theme

DOCUMENTS_PER_PAGE = 25


def documents_page(request, documents):
    """One page (?page=) of the real documents in `documents`, newest first."""
    documents = documents.real().for_listing()
    return Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))


def _edition_or_404(year=None):
    editions = Edition.objects.select_related("session")
    edition = editions.current() if year is None else editions.filter(year=year).first()
    if edition is None:
        raise Http404(_("No edition of the goals for this year."))
    return edition


def goal_list(request, year=None):
    edition = _edition_or_404(year)
    editions = list(Edition.objects.all())
    symbols = {_("Resolution"): edition.resolution_symbol, _("Report"): edition.report_symbol}
    in_base = dict(Document.objects.filter(symbol__in=symbols.values()).values_list(
        "symbol", "slug"))
    return render(request, "resolutions/goal_list.html", {
        "edition": edition,
        "is_current": edition == editions[-1],
        "editions": editions,
        "goals": Goal.objects.with_wording().filter(edition=edition),
        # The documents that adopted and presented the edition, linked once imported.
        "edition_documents": [
            (label, symbol, reverse("document-detail", args=[in_base[symbol]])
             if symbol in in_base else None)
            for label, symbol in symbols.items() if symbol
        ],
        "nav_section": "goals",
        "breadcrumbs": [(_("Goals"), reverse("goal-list")), (edition.name, None)],
    })


def goal_detail(request, year, number):
    goal = get_object_or_404(
        Goal.objects.with_wording().with_last_changed().select_related("edition__session"),
        edition__year=year, number=number)
    return render(request, "resolutions/goal_detail.html", {
        "goal": goal,
        "edition": goal.edition,
        "counterparts": Goal.objects.counterparts(goal),
        "documents": documents_page(request, goal.documents.all()),
        "nav_section": "goals",
        "breadcrumbs": [
            (_("Goals"), reverse("goal-list")),
            (goal.edition.name, goal.edition.get_absolute_url()),
            (_("Goal %(number)s") % {"number": goal.number}, None),
        ],
    })


def goal_compare(request):
    editions = list(Edition.objects.all())
    if len(editions) < 2:
        raise Http404(_("There is only one edition of the goals to compare."))
    comparison = compare_editions(editions[0], editions[-1])
    return render(request, "resolutions/compare.html", {
        "comparison": comparison,
        "nav_section": "goals",
        "breadcrumbs": [
            (_("Goals"), reverse("goal-list")),
            (_("Compare %(old)s and %(new)s") % {"old": comparison.old.year,
                                                  "new": comparison.new.year}, None),
        ],
    })


def theme_list(request):
    return render(request, "resolutions/theme_list.html", {
        "themes": Theme.objects.with_document_counts(),
        "nav_section": "themes",
        "breadcrumbs": [(_("Cross-cutting themes"), None)],
    })


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "resolutions/theme_detail.html", {
        "theme": theme,
        "documents": documents_page(request, theme.documents.all()),
        "nav_section": "themes",
        "breadcrumbs": [(_("Cross-cutting themes"), reverse("theme-list")), (theme.name, None)],
    })


def sdg_list(request):
    editions = list(Edition.objects.all())
    counts = GoalSDGLink.objects.goal_counts()
    return render(request, "resolutions/sdg_list.html", {
        "editions": editions,
        "rows": [(sdg, [counts.get((sdg.number, e.year), 0) for e in editions])
                 for sdg in SDG.objects.all()],
        "nav_section": "sdgs",
        "breadcrumbs": [(_("Sustainable Development Goals"), None)],
    })


def sdg_detail(request, number):
    sdg = get_object_or_404(SDG.objects.prefetch_related("targets"), number=number)
    return render(request, "resolutions/sdg_detail.html", {
        "sdg": sdg,
        "links": sdg.goal_links.with_goals(),
        "documents": documents_page(request, sdg.documents.all()),
        "nav_section": "sdgs",
        "breadcrumbs": [
            (_("Sustainable Development Goals"), reverse("sdg-list")),
            (_("SDG %(number)s") % {"number": sdg.number}, None),
        ],
    })


def matrix(request):
    editions = list(Edition.objects.all())
    if not editions:
        raise Http404(_("No edition of the goals is recorded."))
    form = EditionChoiceForm(request.GET if "edition" in request.GET else None, editions)
    return render(request, "resolutions/matrix.html", {
        "matrix": build_matrix(form.chosen_edition(default=editions[-1])),
        "editions": editions,
        "form": form,
        "nav_section": "matrix",
        "breadcrumbs": [(_("Goals × SDGs"), None)],
    })


def organization_list(request):
    return render(request, "resolutions/organization_list.html", {
        "organizations": Organization.objects.with_counts(),
        "nav_section": "organizations",
        "breadcrumbs": [(_("Organizations"), None)],
    })


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return render(request, "resolutions/organization_detail.html", {
        "organization": organization,
        "meetings": organization.meetings.all(),
        "documents": documents_page(request, organization.documents.all()),
        "nav_section": "organizations",
        "breadcrumbs": [
            (_("Organizations"), reverse("organization-list")), (organization.acronym, None),
        ],
    })


def coverage(request):
    return render(request, "resolutions/coverage.html", {
        "coverage": coverage_summary(),
        "nav_section": "coverage",
        "breadcrumbs": [(_("Data coverage"), None)],
    })
