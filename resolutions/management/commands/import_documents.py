import gc

from django.core.management.base import BaseCommand, CommandError

from resolutions.importer.loader import (
    CREATED,
    UNCHANGED,
    UPDATED,
    import_sources,
    sources_from_paths,
)
from resolutions.importer.parser import KINDS
from resolutions.importer.progress import ProgressLine


class Command(BaseCommand):
    help = (
        "Import document texts (resolutions, meeting summaries, news releases) from files or "
        "folders of .txt files. The run is one transaction: on any error nothing is written."
    )
    # It reads and writes only the app's own tables: the project's system
    # checks (URLs, admin, templates) would add a fifth to a run's time.
    requires_system_checks = []

    def run_from_argv(self, argv):
        # Run as a program: what is loaded by now (Django, the project, some
        # 75,000 objects) lives until the process ends. Frozen, the collector
        # never walks it again, not even at exit, where that took 0.15 s.
        gc.freeze()
        super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH",
                            help="a text file, or a folder whose .txt files are imported")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be created or changed, and write nothing")
        parser.add_argument("--kind", choices=KINDS,
                            help="read every text as this kind instead of recognising it")

    def handle(self, *args, paths, dry_run, kind, verbosity, **options):
        try:
            sources = sources_from_paths(paths)
        except (FileNotFoundError, PermissionError) as exc:
            raise CommandError(str(exc)) from exc
        if not sources:
            raise CommandError("no .txt files found in " + ", ".join(paths))

        progress = None
        if verbosity >= 1 and len(sources) > 1:
            progress = ProgressLine(self.stderr)
        # A run makes many small objects that live for a chunk or two (what was
        # read, planned and written), which the cyclic collector would walk again
        # and again. Reference counting still frees what it drops.
        gc.disable()
        try:
            report = import_sources(sources, dry_run=dry_run, kind=kind, progress=progress)
        finally:
            gc.enable()
        if progress:
            progress.finish()

        for failure in report.failures:
            self.stderr.write(str(failure))
        if verbosity >= 1:
            would = "would be " if dry_run else ""
            for outcome in report.outcomes:
                line = f"{outcome.key}: {would}{outcome.action}"
                if outcome.action == UPDATED:
                    line += f" ({', '.join(outcome.changes)})"
                self.stdout.write(f"{line}  [{outcome.source}]")
                for note in outcome.notes:
                    self.stdout.write(f"    {note}")
        summary = (
            f"{CREATED} {report.count(CREATED)}, {UPDATED} {report.count(UPDATED)}, "
            f"{UNCHANGED} {report.count(UNCHANGED)}, failed {len(report.failures)}"
        )
        if dry_run:
            summary = f"Dry run, nothing written: {summary}"
        if verbosity >= 1 or not report.ok:
            (self.stdout if report.ok else self.stderr).write(summary)
        if not report.ok:
            raise CommandError(
                f"{len(report.failures)} of {len(sources)} file(s) could not be imported; "
                "nothing was written.")
