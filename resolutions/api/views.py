"""Read-only API endpoints. Query logic stays on the models' querysets."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.response import Response

from ..exports import find_document, with_list_relations
from ..filters import DocumentFilter
from ..models import SDG, Citation, Clause, Document, Edition, Goal, Organization, Session, Theme
from . import serializers as api

NOT_FOUND = OpenApiResponse(
    inline_serializer("NotFound", {"detail": serializers.CharField()}),
    description="No such record, or a page past the last one.",
)
INVALID_FILTER = OpenApiResponse(
    inline_serializer("InvalidFilter", {}),
    description="A filter value was refused: each refused parameter maps to its messages.",
)


def documented(summary, *, many=False, filtered=False):
    """Schema of a GET endpoint with the error responses it can give."""

    def decorate(view):
        responses = {200: view.serializer_class(many=many), 404: NOT_FOUND}
        if filtered:
            responses[400] = INVALID_FILTER
        return extend_schema_view(get=extend_schema(summary=summary, responses=responses))(view)

    return decorate


@documented("General Assembly sessions", many=True)
class SessionList(generics.ListAPIView):
    queryset = Session.objects.all()
    serializer_class = api.SessionSerializer


@documented("One General Assembly session")
class SessionDetail(generics.RetrieveAPIView):
    queryset = Session.objects.all()
    serializer_class = api.SessionSerializer
    lookup_field = "number"


@documented("Editions of the Global Policing Goals", many=True)
class EditionList(generics.ListAPIView):
    queryset = Edition.objects.select_related("session")
    serializer_class = api.EditionSerializer


@documented("One edition of the Global Policing Goals")
class EditionDetail(generics.RetrieveAPIView):
    queryset = Edition.objects.select_related("session")
    serializer_class = api.EditionSerializer
    lookup_field = "year"


@documented("The goals of one edition, with titles, sub-goals and SDG links", many=True)
class GoalList(generics.ListAPIView):
    queryset = Goal.objects.with_wording()
    serializer_class = api.GoalSerializer

    def get_queryset(self):
        edition = get_object_or_404(Edition, year=self.kwargs["year"])
        return super().get_queryset().filter(edition=edition)


@documented("One goal, with its titles per language, sub-goals and SDG links")
class GoalDetail(generics.RetrieveAPIView):
    serializer_class = api.GoalSerializer

    def get_object(self):
        return get_object_or_404(Goal.objects.with_wording(), edition__year=self.kwargs["year"],
                                 number=self.kwargs["number"])


@documented("Cross-cutting themes", many=True)
class ThemeList(generics.ListAPIView):
    queryset = Theme.objects.all()
    serializer_class = api.ThemeSerializer


@documented("One cross-cutting theme")
class ThemeDetail(generics.RetrieveAPIView):
    queryset = Theme.objects.all()
    serializer_class = api.ThemeSerializer
    lookup_field = "slug"


@documented("UN Sustainable Development Goals, with their recorded targets", many=True)
class SDGList(generics.ListAPIView):
    queryset = SDG.objects.prefetch_related("targets")
    serializer_class = api.SDGSerializer


@documented("One Sustainable Development Goal")
class SDGDetail(generics.RetrieveAPIView):
    queryset = SDG.objects.prefetch_related("targets")
    serializer_class = api.SDGSerializer
    lookup_field = "number"


@documented("Regional policing organizations", many=True)
class OrganizationList(generics.ListAPIView):
    queryset = Organization.objects.all()
    serializer_class = api.OrganizationSerializer


@documented("One organization")
class OrganizationDetail(generics.RetrieveAPIView):
    queryset = Organization.objects.all()
    serializer_class = api.OrganizationSerializer
    lookup_field = "slug"


# The schema types of filters whose values are keys of other records (the
# FilterSet leaves them to the form fields, which the schema cannot see).
for _name, _type in [("goal", OpenApiTypes.INT), ("sdg", OpenApiTypes.INT),
                     ("session", OpenApiTypes.INT), ("theme", OpenApiTypes.STR),
                     ("organization", OpenApiTypes.STR), ("year", OpenApiTypes.INT)]:
    extend_schema_field(_type)(DocumentFilter.base_filters[_name])


@documented("Documents, filtered as on the HTML list", many=True, filtered=True)
class DocumentList(generics.ListAPIView):
    serializer_class = api.DocumentSerializer
    # The HTML list's own FilterSet: same parameters, same documents, same order.
    filterset_class = DocumentFilter

    def get_queryset(self):
        # The base the FilterSet gives the HTML list when none is passed.
        return with_list_relations(DocumentFilter().queryset)


@documented("One document, with its clauses and citations both ways")
class DocumentDetail(generics.RetrieveAPIView):
    serializer_class = api.DocumentDetailSerializer

    def get_object(self):
        document = find_document(self.kwargs["key"])
        documents = Document.objects.filter(pk=document.pk)
        return with_list_relations(documents).prefetch_related(
            Prefetch("clauses", Clause.objects.select_related("parent")),
            Prefetch("citations", Citation.objects.select_related("clause")),
        ).get()

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        # Cited documents are found by symbol, so a citation links once its target is imported.
        symbols = {citation.symbol for citation in document.citations.all()}
        known = dict(Document.objects.filter(symbol__in=symbols).values_list("symbol", "slug"))
        document.cited_by = (
            Document.objects.filter(citations__symbol=document.symbol).distinct()
            .only("slug", "symbol", "kind", "title", "year").order_by("-year", "symbol", "slug")
            if document.symbol else Document.objects.none()
        )
        context = {**self.get_serializer_context(), "known_symbols": known}
        return Response(self.get_serializer(document, context=context).data)


def not_found(request, path):
    """Any other address under /api/ answers in JSON too."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
