"""A one-line progress bar for long imports, drawn only on a terminal."""


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
        self.stream.write(f"\r[{bar}] {done}/{total} {label:<40}")
        self.stream.flush()
        self.drawn = True

    def finish(self):
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
