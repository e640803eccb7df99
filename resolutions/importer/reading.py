"""Reading texts: parsing them and finding the names they mention.

No Django here, so that a long run can read its texts in other processes
while this one writes what they have read.
"""

import gc
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentFormatError
from .parser import parse_document
from .text import decode, names_in_text

# Texts per task: enough that a chunk's fixed costs (handing it to a process,
# a dozen statements, a query for its search vectors) are small beside its texts.
CHUNK = 200


@dataclass
class Source:
    """One text to import: where it came from and its bytes, or, for a file
    not read yet, its path as name (read where the text is parsed, so that a
    run never holds every file at once)."""

    name: str
    data: bytes | None = None

    def read_bytes(self):
        return Path(self.name).read_bytes() if self.data is None else self.data


@dataclass
class Failure:
    source: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Names:
    """The names a text may mention, with the ids of what they name."""

    goal_titles: tuple  # (goal id, title)
    themes: tuple  # (id, name)
    sdgs: dict  # number -> id
    organizations: tuple  # (id, [names])
    programmes: tuple  # (id, [names])

    def tags(self, parsed):
        """Tags only for what the text names: goal titles, theme names, SDG
        numbers, organization and programme names."""
        text = parsed.body
        return {
            "goals": sorted({pk for pk, title in self.goal_titles
                             if names_in_text(text, [title])}),
            "themes": sorted(pk for pk, name in self.themes if names_in_text(text, [name])),
            "sdgs": sorted(self.sdgs[n] for n in parsed.sdgs if n in self.sdgs),
            "organizations": sorted(pk for pk, names in self.organizations
                                    if names_in_text(text, names)),
            "programmes": sorted(pk for pk, names in self.programmes
                                 if names_in_text(text, names)),
        }


@dataclass
class Read:
    """A text read: the source's name, what the text holds and its tags."""

    source: str
    parsed: object
    tags: dict


def read(source, kind, names):
    """A Read, or a Failure naming the line."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        return Failure(source.name, None, f"cannot be read: {exc.strerror or exc}")
    try:
        parsed = parse_document(decode(data), kind=kind)
    except DocumentFormatError as exc:
        return Failure(source.name, exc.line, exc.message)
    return Read(source.name, parsed, names.tags(parsed))


def _read_chunk(task):
    sources, kind, names = task
    return [read(source, kind, names) for source in sources]


def read_all(sources, kind, names):
    """Lists of Read or Failure, a chunk at a time, in the sources' order.

    A run of more than one chunk is read ahead of the caller, which writes
    each chunk while the next ones are read, by a process for each core but
    one: the caller and the database need the last one.
    """
    tasks = [(sources[i:i + CHUNK], kind, names) for i in range(0, len(sources), CHUNK)]
    readers = min((os.cpu_count() or 1) - 1, len(tasks) - 1)
    if readers < 1:
        yield from map(_read_chunk, tasks)
        return
    # Spawned, not forked: a fork would share the caller's database connection.
    # What a reader makes is freed by reference counting: the cyclic collector
    # would only walk it again and again.
    with multiprocessing.get_context("spawn").Pool(readers, initializer=gc.disable) as pool:
        rest = pool.imap(_read_chunk, tasks[1:])
        yield _read_chunk(tasks[0])  # here, while the processes start
        yield from rest
