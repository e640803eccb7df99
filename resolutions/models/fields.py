"""Field choices and database expressions shared by the models."""

from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """INTERPOL's four official languages."""

    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


# When a wording is missing in English, the first official one found in this
# order is shown instead, with its language marked.
LANGUAGE_PREFERENCE = [Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ARABIC]


def natural_sort_key(field):
    """A sortable integer for a dotted code: 16.2 < 16.10 < 16.a < 16.b.

    Computed by the database (as a generated column) so rows loaded from
    fixtures or edited in the admin always carry the right key. A code of
    another shape gets no key (and the model's check constraint refuses it).
    """

    def part(n):
        return models.Func(models.F(field), models.Value("."), models.Value(n),
                           function="split_part")

    major = Cast(part(1), models.IntegerField()) * 10000
    return models.Case(
        models.When(**{f"{field}__regex": r"^[0-9]{1,3}\.[0-9]{1,3}$"},
                    then=major + Cast(part(2), models.IntegerField())),
        models.When(**{f"{field}__regex": r"^[0-9]{1,3}\.[a-z]$"},
                    then=major + 1000 + models.Func(part(2), function="ascii")),
        default=None,
        output_field=models.IntegerField(),
    )


def sort_key_field():
    return models.GeneratedField(
        expression=natural_sort_key("code"),
        output_field=models.IntegerField(),
        db_persist=True,
        editable=False,
    )
