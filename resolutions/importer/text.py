"""Text clean-up shared by the parser and the name matching: no Django here."""

import functools
import re
import unicodedata
from typing import NamedTuple

from .errors import DocumentFormatError

# Quotes, dashes and spaces that word processors put in for the plain ones.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BREAKS = str.maketrans({"\f": " ", "\v": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})
# Unicode's control characters (category Cc) other than tab and line feed, and
# lone surrogates (Cs): no text file holds them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ASCII_TEXT = b"\t\n" + bytes(range(0x20, 0x7f))


def decode(data, line_hint=True):
    """Bytes of a text file -> str; binary or empty data raise DocumentFormatError.

    UTF-8 (with or without a byte-order mark) and UTF-16 with its mark are read
    as such; other bytes that are plainly text are read as Windows-1252, the
    usual encoding of older office exports.
    """
    if not data.strip():
        raise DocumentFormatError("the file is empty", line=1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentFormatError("not a text file: broken UTF-16",
                                      line=_line_at(data, exc.start)) from exc
    if b"\x00" in data:
        raise DocumentFormatError("not a text file: it holds binary data",
                                  line=_line_at(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        controls = re.search(rb"[\x01-\x08\x0e-\x1f\x7f]", data)
        if controls:
            raise DocumentFormatError("not a text file: it holds binary data",
                                      line=_line_at(data, controls.start())) from exc
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentFormatError("not a text file: it is neither UTF-8 nor Windows-1252",
                                      line=_line_at(data, exc.start)) from exc


def _line_at(data, offset):
    return data[:offset].count(b"\n") + 1


def clean_lines(text):
    """Split text into lines, numbered as in the file, each trimmed and with
    non-breaking and repeated spaces made single plain spaces."""
    if not isinstance(text, str):
        raise DocumentFormatError("the text is not a string")
    plain = text.isascii()
    if not plain:
        text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Page and section breaks of exports from office formats are only spacing.
    if not plain or "\f" in text or "\v" in text:
        text = text.translate(_BREAKS)
    # In plain ASCII, deleting every byte a text may hold leaves its control
    # characters, if any: ten times quicker than searching with the pattern.
    suspect = not plain or text.encode("ascii").translate(None, _ASCII_TEXT)
    control = suspect and _CONTROL.search(text)
    if control:
        raise DocumentFormatError("not a text file: it holds control characters",
                                  line=text.count("\n", 0, control.start()) + 1)
    return [(number, line.strip())
            for number, line in enumerate(single_spaced(text).split("\n"), start=1)]


def join_body(lines):
    """The normalised full text: lines as given, runs of blank lines made one."""
    out = []
    for _, text in lines:
        if text or (out and out[-1]):
            out.append(text)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def fold(text):
    """Text for matching: plain quotes and dashes, single spaces, case-folded."""
    if text.isascii():  # (known at once) no typographic character to look for
        return single_spaced(text).lower()
    return single_spaced(_INVISIBLE.sub("", text).translate(_FOLD)).casefold()


def single_spaced(text):
    """Runs of spaces, tabs and other spacing made one plain space."""
    # Most texts are spaced plainly already: quick searches spare replacing
    # nearly every space with itself.
    if "  " in text or "\t" in text or not text.isascii() and _ODD_SPACE.search(text):
        return _SPACES.sub(" ", text)
    return text


def names_in_text(text, names):
    """True when one of the names occurs in text as whole words (case and
    typographic quotes ignored)."""
    text = folded(text)
    words = _words(text)
    for name in names:
        wanted = _whole(name)
        # Most names are missing a word of theirs from most texts: a set
        # lookup settles those without searching the text.
        if wanted and wanted.words <= words and _occurs(wanted.pattern, text):
            return True
    return False


def _occurs(pattern, text):
    # The word boundary before a name is checked apart: a lookbehind at the
    # start of the pattern would stop the search from skipping ahead to the
    # name's first letters, and try every position of the text instead.
    start = 0
    while found := pattern.search(text, start):
        if _WORD_START.match(text, found.start()):
            return True
        start = found.start() + 1
    return False


_WORD_START = re.compile(r"(?<![\w-])")
_WORD = re.compile(r"\w+")


# A text is checked against every name of the catalogue in turn, and the
# names are the same for every text: fold the text once, compile each name once.
@functools.lru_cache(maxsize=4)
def folded(text):
    """fold(text), kept for the last few texts, which are matched against many
    names and patterns in turn."""
    return fold(text)


@functools.lru_cache(maxsize=4)
def _words(folded_text):
    if folded_text.isascii():
        # The same runs of word characters, found by faster means.
        return frozenset(folded_text.translate(_ASCII_NON_WORD).split())
    return frozenset(_WORD.findall(folded_text))


_ASCII_NON_WORD = str.maketrans({
    c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})


class _Name(NamedTuple):
    pattern: re.Pattern
    # Each run of word characters of a name is one of the text's where it occurs.
    words: frozenset


@functools.lru_cache(maxsize=4096)
def _whole(name):
    name = fold(name).strip()
    if not name:
        return None
    return _Name(re.compile(re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])"),
                 frozenset(_WORD.findall(name)))


def slugify(text):
    """ASCII, lower case, words joined by hyphens."""
    # Apostrophes join their word ("INTERPOL's" -> "interpols"), as Django's slugify does.
    ascii_text = unicodedata.normalize("NFKD", text.translate(_FOLD).replace("'", ""))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
