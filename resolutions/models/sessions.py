"""General Assembly sessions and the Dialogue's meetings."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SessionQuerySet(models.QuerySet):
    def real(self):
        return self.filter(synthetic=False)

    def with_document_counts(self):
        return self.annotate(document_count=models.Count(
            "documents", filter=models.Q(documents__synthetic=False)))

    def timeline(self):
        """(years without a session just before it, session) pairs, in order.

        The Assembly meets once a year, so a skipped year (2020) is a fact
        worth showing; the next session's note says why.
        """
        rows, previous_year = [], None
        for session in self.order_by("start_date"):
            gap = range(previous_year + 1, session.year) if previous_year else range(0)
            rows.append((list(gap), session))
            previous_year = session.year
        return rows


class Session(models.Model):
    """A General Assembly session, identified by its ordinal number (86th, 91st…)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    note = models.TextField(_("note"), blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    synthetic = models.BooleanField(
        _("synthetic"), default=False,
        help_text=_("Generated for load testing; not a real session."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("General Assembly session")
        verbose_name_plural = _("General Assembly sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="session_starts_before_it_ends",
                violation_error_message=_("A session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="session_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self):
        return _("%(ordinal)s session, %(city)s %(year)s") % {
            "ordinal": ordinal(self.number), "city": self.city, "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("session-detail", args=[self.number])

    @property
    def year(self):
        return self.start_date.year


class MeetingQuerySet(models.QuerySet):
    def without_dates(self):
        return self.filter(models.Q(start_date__isnull=True) | models.Q(end_date__isnull=True))

    def without_place(self):
        return self.filter(city="")


class Meeting(models.Model):
    """A meeting of the Dialogue (a plenary edition or a working group)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Dialogue plenary")
        WORKING_GROUP = "working_group", _("Working group")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True, unique=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    dates_note = models.CharField(_("dates note"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.URLField(_("source"), max_length=500)
    organizations = models.ManyToManyField(
        "Organization", blank=True, related_name="meetings", verbose_name=_("participants")
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("Dialogue meeting")
        verbose_name_plural = _("Dialogue meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date"))
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True),
                name="meeting_starts_before_it_ends",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


def ordinal(number):
    """86 -> '86th', 91 -> '91st' (English ordinals, as the documents write them)."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
