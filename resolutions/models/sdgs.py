"""The UN Sustainable Development Goals, SDG targets, and the goals' links to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import sort_key_field


class SDG(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title = models.CharField(_("short title"), max_length=100)
    statement = models.TextField(_("goal statement"))
    colour = models.CharField(_("official colour"), max_length=7,
                              help_text=_("Hexadecimal, e.g. #00689D."))
    title_source = models.URLField(_("source of the title"), max_length=500)
    statement_source = models.URLField(_("source of the statement"), max_length=500)
    colour_source = models.URLField(_("source of the colour"), max_length=500)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17",
                violation_error_message=_("SDG numbers run from 1 to 17."),
            ),
            models.CheckConstraint(
                condition=models.Q(colour__regex=r"^#[0-9A-F]{6}$"), name="sdg_colour_hex",
                violation_error_message=_("Give the colour as # and six upper-case hex digits."),
            ),
        ]

    def __str__(self):
        return _("SDG %(number)s: %(title)s") % {"number": self.number, "title": self.short_title}

    def get_absolute_url(self):
        return reverse("sdg-detail", args=[self.number])


class SDGTarget(models.Model):
    sdg = models.ForeignKey(SDG, on_delete=models.CASCADE, related_name="targets",
                            verbose_name=_("SDG"))
    code = models.CharField(_("code"), max_length=10, unique=True)
    sort_key = sort_key_field()
    text = models.TextField(_("text"))
    source = models.URLField(_("source"), max_length=500)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{1,2}\.([0-9]{1,2}|[a-z])$"),
                name="sdg_target_code_format",
                violation_error_message=_("A target code looks like 16.2 or 16.a."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"


class GoalSDGLinkQuerySet(models.QuerySet):
    def with_goals(self):
        """Links with their goal (edition and titles), SDG and target, by edition and goal."""
        return self.select_related("goal__edition", "sdg", "target").prefetch_related(
            "goal__titles").order_by("goal__edition__year", "goal__number", "sdg__number",
                                     "target__sort_key")

    def goal_counts(self):
        """{(SDG number, edition year): how many goals of that edition link to it}."""
        rows = (self.values_list("sdg__number", "goal__edition__year")
                .annotate(n=models.Count("goal", distinct=True)).order_by())
        return {(sdg, year): n for sdg, year, n in rows}

    def relation_counts(self):
        """{(edition year, relation): number of links}."""
        rows = (self.values_list("goal__edition__year", "relation")
                .annotate(n=models.Count("id")).order_by())
        return {(year, relation): n for year, relation, n in rows}


class GoalSDGLink(models.Model):
    """A published link between a Global Policing Goal and an SDG (or one of its targets)."""

    class Relation(models.TextChoices):
        DIRECT = "direct", _("Direct")
        INDIRECT = "indirect", _("Indirect")
        NOT_STATED = "not_stated", _("Not stated by the source")

    goal = models.ForeignKey("Goal", on_delete=models.CASCADE, related_name="sdg_links",
                             verbose_name=_("goal"))
    sdg = models.ForeignKey(SDG, on_delete=models.PROTECT, related_name="goal_links",
                            verbose_name=_("SDG"))
    target = models.ForeignKey(SDGTarget, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="goal_links", verbose_name=_("target"))
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    source = models.URLField(_("source"), max_length=500)
    note = models.TextField(_("note"), blank=True)

    objects = GoalSDGLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "sdg__number", "target__sort_key"]
        verbose_name = _("goal–SDG link")
        verbose_name_plural = _("goal–SDG links")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "sdg", "target"], nulls_distinct=False,
                name="one_link_per_goal_sdg_target",
                violation_error_message=_("This goal is already linked to this SDG (or target)."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source=""), name="goal_sdg_link_has_source",
                violation_error_message=_("Every link needs the source that states it."),
            ),
        ]

    def __str__(self):
        target = f" ({self.target.code})" if self.target_id else ""
        return f"{self.goal} → SDG {self.sdg.number}{target}"

    def clean(self):
        if self.target_id and self.sdg_id and self.target.sdg_id != self.sdg_id:
            raise ValidationError({"target": _("This target belongs to another SDG.")})
