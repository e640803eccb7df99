from django.core.management import call_command
from django.core.management.base import BaseCommand

from resolutions.reference import REFERENCE_FIXTURES


class Command(BaseCommand):
    help = "Load the reference data (sessions, organizations, SDGs, the goals framework)."

    def handle(self, *args, **options):
        # Fixtures carry fixed primary keys, so loading again updates rows in place.
        call_command("loaddata", *REFERENCE_FIXTURES, verbosity=options["verbosity"])
