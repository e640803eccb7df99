"""The Global Policing Goals framework: editions, goals, sub-goals, themes.

Wording belongs to a language: the 2023 revision's official titles are known
only in some of INTERPOL's languages, so each goal and sub-goal keeps its
wording per language, with the source of each.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import LANGUAGE_PREFERENCE, Language, sort_key_field
from .history import goal_last_changed


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The latest edition, which the goals pages show unless asked for another."""
        return self.order_by("-year").first()


class Edition(models.Model):
    """One edition of the framework: the 2017 goals or the 2023 revision."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    session = models.ForeignKey(
        "Session", on_delete=models.PROTECT, null=True, blank=True, related_name="editions",
        verbose_name=_("adopted at"),
    )
    resolution_symbol = models.CharField(_("resolution"), max_length=40, blank=True)
    report_symbol = models.CharField(_("report"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.URLField(_("source"), max_length=500)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("framework edition")
        verbose_name_plural = _("framework editions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("goal-list-edition", args=[self.year])


class Wording(models.Model):
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("text"))
    source = models.URLField(_("source"), max_length=500)

    class Meta:
        abstract = True

    def __str__(self):
        return self.text


class WordedMixin:
    """Picks the wording to show: English where recorded, else an official one."""

    wordings_attr = None

    def wording(self, language=None):
        wordings = {w.language: w for w in getattr(self, self.wordings_attr).all()}
        for lang in [language, *LANGUAGE_PREFERENCE] if language else LANGUAGE_PREFERENCE:
            if lang in wordings:
                return wordings[lang]
        return None

    def wordings(self):
        """Every recorded wording, English first, then the other official languages."""
        by_language = {w.language: w for w in getattr(self, self.wordings_attr).all()}
        return [by_language[lang] for lang in LANGUAGE_PREFERENCE if lang in by_language]


class GoalQuerySet(models.QuerySet):
    def with_last_changed(self):
        """Annotate last_changed_at: the latest edit to the goal, its wording or its links."""
        return self.annotate(last_changed_at=goal_last_changed())

    def with_wording(self):
        """Goals with titles, sub-goals (with their texts) and SDG links loaded."""
        return self.select_related("edition").prefetch_related(
            "titles",
            models.Prefetch("sub_goals", queryset=SubGoal.objects.prefetch_related("texts")),
            "sdg_links__sdg",
            "sdg_links__target",
        )

    def with_titles(self):
        """Goals with their edition and titles only, for lists that name goals."""
        return self.select_related("edition").prefetch_related("titles")

    def counterparts(self, goal):
        """The goals bearing the same number in the other editions."""
        return self.with_titles().filter(number=goal.number).exclude(pk=goal.pk)


class Goal(WordedMixin, models.Model):
    wordings_attr = "titles"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="goals",
                                verbose_name=_("edition"))
    number = models.PositiveSmallIntegerField(_("number"))
    note = models.TextField(_("note"), blank=True)

    objects = GoalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["edition__year", "number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="goal_number_unique_per_edition",
                violation_error_message=_("This edition already has a goal with this number."),
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="goal_number_positive"),
        ]

    def __str__(self):
        title = self.wording()
        label = _("Goal %(number)s (%(year)s)") % {"number": self.number, "year": self.edition.year}
        return f"{label}: {title.text}" if title else label

    def get_absolute_url(self):
        return reverse("goal-detail", args=[self.edition.year, self.number])

    @property
    def title(self):
        return self.wording()

    @property
    def last_changed(self):
        """When an editor last changed the goal or its parts; None if never."""
        if not hasattr(self, "last_changed_at"):
            self.last_changed_at = (Goal.objects.filter(pk=self.pk).with_last_changed()
                                    .values_list("last_changed_at", flat=True).get())
        return self.last_changed_at


class GoalTitle(Wording):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="titles",
                             verbose_name=_("goal"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "language"]
        verbose_name = _("goal title")
        verbose_name_plural = _("goal titles")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "language"], name="one_goal_title_per_language",
                violation_error_message=_("This goal already has a title in this language."),
            ),
        ]


class SubGoal(WordedMixin, models.Model):
    wordings_attr = "texts"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="sub_goals",
                             verbose_name=_("goal"))
    # INTERPOL lists sub-goals as bullets; the codes (1.1, 1.2…) follow their order.
    code = models.CharField(_("number"), max_length=10)
    sort_key = sort_key_field()
    truncated = models.BooleanField(
        _("truncated in source"), default=False,
        help_text=_("The source showed only the beginning of this wording."),
    )
    note = models.TextField(_("note"), blank=True)
    # The sort key is computed from the code, so history keeps the code alone.
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        ordering = ["goal", "sort_key"]
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"], name="sub_goal_number_unique_per_goal",
                violation_error_message=_("This goal already has a sub-goal with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]+\.[0-9a-z]{1,3}$"),
                name="sub_goal_code_format",
                violation_error_message=_("A sub-goal number looks like 1.1 or 3.4."),
            ),
        ]

    def __str__(self):
        text = self.wording()
        return f"{self.code} {text.text}" if text else self.code

    @property
    def text(self):
        return self.wording()


class SubGoalText(Wording):
    sub_goal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="texts",
                                 verbose_name=_("sub-goal"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["sub_goal", "language"]
        verbose_name = _("sub-goal wording")
        verbose_name_plural = _("sub-goal wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_goal", "language"], name="one_sub_goal_text_per_language",
                violation_error_message=_("This sub-goal already has a text in this language."),
            ),
        ]


class ThemeQuerySet(models.QuerySet):
    def with_document_counts(self):
        return self.annotate(document_count=models.Count(
            "documents", filter=models.Q(documents__synthetic=False)))


class Theme(models.Model):
    """A cross-cutting theme underpinning the goals."""

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=500)

    objects = ThemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("cross-cutting theme")
        verbose_name_plural = _("cross-cutting themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("theme-detail", args=[self.slug])
