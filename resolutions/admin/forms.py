"""Inline formsets that catch, as form errors, what the database would refuse."""

from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet


class UniqueRowsFormSet(BaseInlineFormSet):
    """Refuses two rows of one submission that break a unique constraint.

    Django compares the rows of a formset for unique constraints only when
    no value is empty. A constraint with nulls_distinct=False (one link per
    goal and SDG *without* a target) is checked here too, so the duplicate
    gets a message on the form instead of an IntegrityError on save.
    """

    def get_unique_error_message(self, unique_check):
        # The model's own wording ("This goal already has a sub-goal with this
        # number.") says more than Django's "duplicate data for code".
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and set(constraint.fields) == set(
                    unique_check):
                return constraint.get_violation_error_message()
        return super().get_unique_error_message(unique_check)

    def clean(self):
        super().clean()
        for constraint in self.model._meta.constraints:
            if (isinstance(constraint, UniqueConstraint) and constraint.nulls_distinct is False
                    and constraint.fields and constraint.condition is None):
                self._check_rows(constraint)

    def _check_rows(self, constraint):
        fields = [name for name in constraint.fields if name != self.fk.name]
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or not form.has_changed() and (
                    form.instance.pk is None):
                continue
            if any(name not in data for name in fields):
                continue  # the field has an error of its own already
            key = tuple(getattr(data[name], "pk", data[name]) for name in fields)
            if None not in key:
                continue  # Django's own formset check covers rows without empty values
            if key in seen:
                form.add_error(None, constraint.get_violation_error_message())
            seen.add(key)
