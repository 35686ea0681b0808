"""Raw workshop notes (plain text, Markdown, .docx, .odt) turned into ideas.

One idea per line or bullet; headings become the workshop's guiding
questions; a prefix such as "b: ...", "Frein : ..." or "Besoin - ..." sets
the kind, and a line made of a kind alone ("Freins :") sets the kind of the
lines that follow, until the next heading. Nothing here touches the
database: matching headings to existing questions is done by the import
service, so the web import and the ``import_notes`` command parse alike.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from essor.contributions import office
from essor.contributions.models import KIND_SHORTCUTS, TEXT_MAX_LENGTH, ContributionKind
from essor.core import uploads
from essor.core.text import fold
from essor.core.uploads import UploadRejected

MAX_FILE_BYTES = 2 * 1024 * 1024
# The parsed notes wait in the session between upload and review: keep them small.
# The review form posts up to 5 fields per idea and Django refuses more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields: 180 ideas keep well under it.
MAX_IDEAS = 180
# The command saves without review: it may take longer notes.
MAX_IDEAS_UNREVIEWED = 5000
CHARS_PER_IDEA_ON_AVERAGE = 1000  # caps the whole text at 180,000 characters for a review
TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx", ".odt")

# Folded words (singular) that name a kind, in French and English.
KIND_WORDS = {
    **{letter: str(kind) for letter, kind in KIND_SHORTCUTS.items()},
    "constat": ContributionKind.OBSERVATION,
    "observation": ContributionKind.OBSERVATION,
    "besoin": ContributionKind.NEED,
    "need": ContributionKind.NEED,
    "frein": ContributionKind.OBSTACLE,
    "obstacle": ContributionKind.OBSTACLE,
    "difficulte": ContributionKind.OBSTACLE,
    "levier": ContributionKind.LEVER,
    "lever": ContributionKind.LEVER,
    "atout": ContributionKind.STRENGTH,
    "force": ContributionKind.STRENGTH,
    "point fort": ContributionKind.STRENGTH,
    "strength": ContributionKind.STRENGTH,
    "point faible": ContributionKind.WEAKNESS,
    "faiblesse": ContributionKind.WEAKNESS,
    "weakness": ContributionKind.WEAKNESS,
    "idee": ContributionKind.IDEA,
    "idee d action": ContributionKind.IDEA,
    "idea": ContributionKind.IDEA,
    "action": ContributionKind.IDEA,
    "piste": ContributionKind.IDEA,
    "proposition": ContributionKind.IDEA,
}
KIND_WORDS = {word: str(kind) for word, kind in KIND_WORDS.items()}

BULLET = re.compile(r"^\s*(?:[-*+•‣◦·▪–—]|\d{1,3}[.)]|[a-zA-Z][.)](?=\s))\s+")
# "b: text", "Frein : text", "Besoin - text", "Point faible — text".
KIND_PREFIX = re.compile(r"^(?P<word>[^\W\d_][\w' ’]{0,24}?)\s*(?::|\s[-–—])\s*(?P<rest>.*)$")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)")


class NotesError(Exception):
    """A file or text that cannot be read as notes; the message is for the user."""


@dataclass
class ParsedIdea:
    line: int  # 1-based line (or paragraph) of the source, for messages
    text: str
    kind: str = ""  # "" when the notes did not say
    heading: str = ""  # the heading it was written under, "" when none
    error: str = ""


@dataclass
class ParsedNotes:
    ideas: list[ParsedIdea] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # in order, without duplicates

    @property
    def errors(self) -> list[str]:
        return [idea.error for idea in self.ideas if idea.error]

    def to_dict(self) -> dict:
        return {"ideas": [asdict(idea) for idea in self.ideas], "headings": list(self.headings)}

    @classmethod
    def from_dict(cls, data: dict) -> ParsedNotes:
        return cls(
            ideas=[ParsedIdea(**idea) for idea in data.get("ideas", [])],
            headings=list(data.get("headings", [])),
        )


def kind_of_word(word: str) -> str:
    """The kind named by a word ("Freins", "b", "Idée d'action"), or ""."""
    folded = fold(word)
    if folded in KIND_WORDS:
        return KIND_WORDS[folded]
    if folded.endswith("s") and folded[:-1] in KIND_WORDS and len(folded) > 2:
        return KIND_WORDS[folded[:-1]]
    return ""


class _Builder:
    """Collects headings and ideas in reading order."""

    def __init__(self, name: str = "", max_ideas: int = MAX_IDEAS):
        self.name = name
        self.max_ideas = max_ideas
        self.max_chars = max_ideas * CHARS_PER_IDEA_ON_AVERAGE
        self.notes = ParsedNotes()
        self.heading = ""
        self.section_kind = ""
        self.total = 0
        # Blank lines are not free: a file of millions of them stops here.
        self.max_lines = max(10 * max_ideas, 2000)
        self.lines = 0

    def _count_line(self) -> None:
        self.lines += 1
        if self.lines > self.max_lines:
            raise NotesError(
                _(
                    "These notes have more than %(lines)s lines, blank lines included: remove "
                    "the empty lines or split them into several imports."
                )
                % {"lines": uploads.number(self.max_lines)}
            )

    def add_heading(self, text: str) -> None:
        self._count_line()
        text = " ".join(text.split())[:500]
        self.section_kind = ""
        self.heading = text
        if text and text not in self.notes.headings:
            self.notes.headings.append(text)

    def add_line(self, line_number: int, raw: str, *, bullet_known: bool = False) -> None:
        self._count_line()
        text = raw.replace("\x00", "").strip()
        if not bullet_known:
            text = BULLET.sub("", text, count=1).strip()
        if not text:
            return
        kind = ""
        match = KIND_PREFIX.match(text)
        if match and (word_kind := kind_of_word(match["word"])):
            rest = match["rest"].strip()
            if not rest:  # "Freins :" introduces the lines below it
                self.section_kind = word_kind
                return
            kind, text = word_kind, rest
        idea = ParsedIdea(
            line=line_number, text=text, kind=kind or self.section_kind, heading=self.heading
        )
        if len(text) > TEXT_MAX_LENGTH:
            idea.error = _(
                "Line %(line)s has %(length)s characters; the limit is %(limit)s. "
                "Shorten it or split it into several ideas."
            ) % {"line": line_number, "length": len(text), "limit": TEXT_MAX_LENGTH}
        self.total += len(text)
        if len(self.notes.ideas) >= self.max_ideas or self.total > self.max_chars:
            raise NotesError(
                _(
                    "These notes are too long to be reviewed at once (more than %(ideas)s ideas "
                    "or %(chars)s characters): split them into several imports."
                )
                % {"ideas": self.max_ideas, "chars": uploads.number(self.max_chars)}
            )
        self.notes.ideas.append(idea)

    def result(self) -> ParsedNotes:
        if not self.notes.ideas and self.name:
            raise NotesError(
                _("No idea was found in “%(name)s”: the file holds no text.") % {"name": self.name}
            )
        if not self.notes.ideas:
            raise NotesError(_("No idea was found in these notes: they are empty."))
        return self.notes


def parse_text(text: str, *, name: str = "", max_ideas: int = MAX_IDEAS) -> ParsedNotes:
    """Pasted text or a .txt/.md file: one idea per line, Markdown ``#`` headings."""
    builder = _Builder(name, max_ideas)
    for number, line in enumerate((text or "").splitlines(), start=1):
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            builder.add_heading(MARKDOWN_EMPHASIS.sub("", heading["text"]))
        elif not re.fullmatch(r"\s*([-*_=])\1{2,}\s*", line):  # skip --- and === rules
            builder.add_line(number, MARKDOWN_EMPHASIS.sub("", line))
    return builder.result()


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; refuse binary files."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _looks_binary(text):
                return text
            break
    raise NotesError(
        _("The file “%(name)s” is not a text file: save your notes as .txt, .md, .docx or .odt.")
        % {"name": filename}
    )


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return "\x00" in text or controls > max(2, len(text) // 100)


def _not_a(filename: str, what: str) -> NotesError:
    return NotesError(
        _("The file “%(name)s” is not a readable %(format)s document: %(hint)s")
        % {
            "name": filename,
            "format": what,
            "hint": _("open it and save it again in that format, or paste its text."),
        }
    )


def parse_docx(data: bytes, filename: str, max_ideas: int = MAX_IDEAS) -> ParsedNotes:
    """Word document: Heading/Titre/Title styles are questions, every other paragraph an idea."""
    builder = _Builder(filename, max_ideas)
    try:
        for style, number, text in office.docx_paragraphs(io.BytesIO(data)):
            if fold(style).startswith(("heading", "titre", "title")):
                builder.add_heading(text)
            else:
                for line in text.splitlines() or [""]:  # soft line breaks inside a paragraph
                    builder.add_line(number, line)
    except office.NotADocument:
        raise _not_a(filename, "Word (.docx)") from None
    except UploadRejected as error:
        raise NotesError(str(error)) from None
    return builder.result()


def parse_odt(data: bytes, filename: str, max_ideas: int = MAX_IDEAS) -> ParsedNotes:
    """OpenDocument text: text:h are questions, text:p (also in lists, sections) are ideas."""
    builder = _Builder(filename, max_ideas)
    try:
        for is_heading, number, text in office.odt_paragraphs(io.BytesIO(data)):
            if is_heading:
                builder.add_heading(text)
            else:
                for line in text.splitlines() or [""]:
                    builder.add_line(number, line)
    except office.NotADocument:
        raise _not_a(filename, "OpenDocument (.odt)") from None
    except UploadRejected as error:
        raise NotesError(str(error)) from None
    return builder.result()


def parse_notes(data: bytes, filename: str, *, max_ideas: int = MAX_IDEAS) -> ParsedNotes:
    """Parse an uploaded file by its extension; NotesError (French message) when unreadable."""
    name = (filename or "").strip() or "notes.txt"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == ".doc":
        raise NotesError(
            _("“%(name)s” is an old Word file (.doc): save it as .docx in Word, then import it.")
            % {"name": name}
        )
    if extension not in SUPPORTED_EXTENSIONS:
        raise NotesError(
            _("The file “%(name)s” cannot be imported: use a .txt, .md, .docx or .odt file.")
            % {"name": name}
        )
    if not data:
        raise NotesError(_("The file “%(name)s” is empty.") % {"name": name})
    if len(data) > MAX_FILE_BYTES:
        raise NotesError(
            _("The file “%(name)s” is larger than %(size)s MB: split it.")
            % {"name": name, "size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if extension == ".docx":
        notes = parse_docx(data, name, max_ideas)
    elif extension == ".odt":
        notes = parse_odt(data, name, max_ideas)
    else:
        notes = parse_text(decode_text(data, name), name=name, max_ideas=max_ideas)
    return notes
