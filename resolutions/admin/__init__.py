"""The editors' admin, one module per part of the model."""

from . import documents, framework, organizations, sdgs, sessions  # noqa: F401  (registration)
