"""The one error the importer raises for text it cannot read."""


class DocumentFormatError(ValueError):
    """The text is not a document the importer understands; `line` is 1-based."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message
