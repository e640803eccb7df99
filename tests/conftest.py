import pytest
from django.conf import settings
from django.core.management import call_command

from resolutions.reference import REFERENCE_FIXTURES

SEED_DOCUMENTS = settings.BASE_DIR / "fixtures" / "documents"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data and the seed documents."""
    with django_db_blocker.unblock():
        call_command("loaddata", *REFERENCE_FIXTURES, verbosity=0)
        call_command("import_documents", str(SEED_DOCUMENTS), verbosity=0)
