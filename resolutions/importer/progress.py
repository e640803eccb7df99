"""A one-line progress bar for long imports, drawn only on a terminal."""

from django.core.management.base import OutputWrapper


class ProgressLine:
    width = 30

    def __init__(self, stream):
        self.stream = stream
        self.drawn = False
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done, total, label=""):
        if not self.enabled:
            return
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        label = label[-40:]
        self._write(f"\r[{bar}] {done}/{total} {label:<40}")
        self.drawn = True

    def finish(self):
        if self.drawn:
            self._write("\n")

    def _write(self, text):
        # A command's OutputWrapper ends every write with a newline unless told not to.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
