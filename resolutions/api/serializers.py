"""JSON shapes of the API's records. Field names follow the models'."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    SDG,
    Citation,
    Clause,
    Document,
    Edition,
    Goal,
    GoalSDGLink,
    GoalTitle,
    Organization,
    SDGTarget,
    Session,
    SubGoal,
    Theme,
)


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the record's HTML page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class SessionSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Session
        fields = ["number", "city", "country", "start_date", "end_date", "note", "source", "url"]


class WordingSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoalTitle
        fields = ["language", "text", "source"]


class SubGoalSerializer(serializers.ModelSerializer):
    texts = WordingSerializer(many=True, read_only=True)

    class Meta:
        model = SubGoal
        fields = ["code", "truncated", "note", "texts"]


class GoalSDGLinkSerializer(serializers.ModelSerializer):
    sdg = serializers.IntegerField(source="sdg.number", read_only=True)
    target = serializers.CharField(source="target.code", read_only=True, allow_null=True,
                                   default=None)

    class Meta:
        model = GoalSDGLink
        fields = ["sdg", "target", "relation", "source", "note"]


class GoalSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True,
                                  help_text="The value of ?goal= on the document list.")
    edition = serializers.IntegerField(source="edition.year", read_only=True)
    # The wording a reader is shown: English where recorded, else an official one.
    title = WordingSerializer(read_only=True, allow_null=True)
    titles = WordingSerializer(many=True, read_only=True)
    sub_goals = SubGoalSerializer(many=True, read_only=True)
    sdg_links = GoalSDGLinkSerializer(many=True, read_only=True)
    url = PageURLField()

    class Meta:
        model = Goal
        fields = ["id", "edition", "number", "title", "titles", "note", "sub_goals", "sdg_links",
                  "url"]


class EditionSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    url = PageURLField()

    class Meta:
        model = Edition
        fields = ["year", "name", "session", "resolution_symbol", "report_symbol", "summary",
                  "source", "url"]


class ThemeSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Theme
        fields = ["position", "name", "slug", "description", "source", "url"]


class SDGTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = SDGTarget
        fields = ["code", "text", "source"]


class SDGSerializer(serializers.ModelSerializer):
    targets = SDGTargetSerializer(many=True, read_only=True)
    url = PageURLField()

    class Meta:
        model = SDG
        fields = ["number", "short_title", "statement", "colour", "title_source",
                  "statement_source", "colour_source", "targets", "url"]


class OrganizationSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Organization
        fields = ["acronym", "slug", "full_name", "aliases", "region", "headquarters",
                  "dialogue_role", "note", "source", "url"]


class GoalRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True,
                                  help_text="The value of ?goal= on the document list.")
    edition = serializers.IntegerField(source="edition.year", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "edition", "number"]


class DocumentSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug", read_only=True)
    session = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    meeting = serializers.StringRelatedField(read_only=True, allow_null=True)
    goals = GoalRefSerializer(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    organizations = serializers.SlugRelatedField(slug_field="acronym", many=True,
                                                 read_only=True)
    url = PageURLField()

    class Meta:
        model = Document
        fields = ["key", "symbol", "kind", "number", "title", "date", "year", "place", "session",
                  "meeting", "status", "source", "goals", "themes", "sdgs", "organizations",
                  "url"]


class ClauseSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent.position", read_only=True, allow_null=True,
                                      default=None, help_text="Position of the introducing clause.")

    class Meta:
        model = Clause
        fields = ["position", "kind", "ordinal", "number", "parent", "lead", "text"]


class CitationSerializer(serializers.ModelSerializer):
    clause = serializers.IntegerField(source="clause.position", read_only=True, allow_null=True,
                                      default=None, help_text="Position of the citing clause.")
    document = serializers.SerializerMethodField(
        help_text="Key of the cited document where the base holds it."
    )

    class Meta:
        model = Citation
        fields = ["symbol", "relation", "clause", "document"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document(self, citation):
        return self.context.get("known_symbols", {}).get(citation.symbol)


class CitingDocumentSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug", read_only=True)
    url = PageURLField()

    class Meta:
        model = Document
        fields = ["key", "symbol", "kind", "title", "year", "url"]


class DocumentDetailSerializer(DocumentSerializer):
    clauses = ClauseSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    cited_by = CitingDocumentSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "body", "clauses", "citations", "cited_by",
                  "created_at", "updated_at"]
