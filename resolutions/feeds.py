"""Atom feeds of documents: the newest in the base, and those of one goal,
theme or session."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .exports import issuing_body
from .models import Document, Goal, Session, Theme

FEED_LENGTH = 50


class DocumentFeed(Feed):
    """Entries are documents, newest additions first; updated when last changed."""

    feed_type = Atom1Feed
    author_name = _("GPG Knowledge Base")

    def documents(self, obj):
        return Document.objects.real()

    def items(self, obj):
        documents = self.documents(obj).select_related("session").defer("search_vector")
        return documents.order_by("-created_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        parts = [str(item.get_kind_display())]
        if item.session_id:
            parts.append(str(item.session))
        elif item.date:
            parts.append(item.date.isoformat())
        return " · ".join(parts)

    def item_author_name(self, item):
        return issuing_body(item)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class LatestDocumentsFeed(DocumentFeed):
    title = _("New documents · GPG Knowledge Base")
    subtitle = _("Documents most recently added to the knowledge base.")

    def link(self):
        return reverse("document-list")


class GoalDocumentsFeed(DocumentFeed):
    def get_object(self, request, year, number):
        goals = Goal.objects.select_related("edition").prefetch_related("titles")
        return get_object_or_404(goals, edition__year=year, number=number)

    def documents(self, goal):
        return goal.documents.real()

    def title(self, goal):
        return _("Documents on %(goal)s") % {"goal": goal}

    def link(self, goal):
        return goal.get_absolute_url()


class ThemeDocumentsFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def documents(self, theme):
        return theme.documents.real()

    def title(self, theme):
        return _("Documents on the theme %(theme)s") % {"theme": theme}

    def link(self, theme):
        return theme.get_absolute_url()


class SessionDocumentsFeed(DocumentFeed):
    def get_object(self, request, number):
        return get_object_or_404(Session, number=number)

    def documents(self, session):
        return session.documents.real()

    def title(self, session):
        return _("Documents of the %(session)s") % {"session": session}

    def link(self, session):
        return session.get_absolute_url()
