"""Regional policing organizations and the programmes the documents name."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganizationQuerySet(models.QuerySet):
    def with_counts(self):
        """Organizations with how many meetings and (real) documents name them.

        Counted in subqueries: two counts over joins would multiply each other.
        """
        meetings = (Organization.meetings.through.objects
                    .filter(organization=models.OuterRef("pk")).values("organization")
                    .annotate(n=models.Count("id")).values("n"))
        documents = (Organization.documents.through.objects
                     .filter(organization=models.OuterRef("pk"), document__synthetic=False)
                     .values("organization").annotate(n=models.Count("id")).values("n"))
        return self.annotate(
            meeting_count=Coalesce(models.Subquery(meetings), 0),
            document_count=Coalesce(models.Subquery(documents), 0),
        )


class Organization(models.Model):
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    full_name = models.CharField(_("full name"), max_length=300)
    # Other spellings found in documents ("Arab Interior Ministers Council",
    # "European Border and Coast Guard Agency"); the importer matches these too.
    aliases = ArrayField(models.CharField(max_length=300), blank=True, default=list,
                         verbose_name=_("other names"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    dialogue_role = models.CharField(_("role in the Dialogue"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.URLField(_("source"), max_length=500)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("organization-detail", args=[self.slug])

    @property
    def names(self):
        """Every name under which a document may mention the organization."""
        return [self.acronym, self.full_name, *self.aliases]


class Programme(models.Model):
    """A programme or initiative named in the documents (I-Core, Project Gateway…)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    aliases = ArrayField(models.CharField(max_length=300), blank=True, default=list,
                         verbose_name=_("other names"))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    @property
    def names(self):
        return [self.name, *self.aliases]
