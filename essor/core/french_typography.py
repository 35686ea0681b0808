"""French spacing around double punctuation, for the French catalogues.

French sets a no-break space (U+00A0) before ":" and inside « », and a narrow
no-break space (U+202F) before ";", "!" and "?". An ordinary space there lets
the line break before the sign, and leaving it out reads as English.

``fix_text`` applies the rule to one French text; ``fix_po`` to every msgstr of
a .po file, rewriting only the characters concerned so that the file keeps its
line wrapping (polib would rewrap every long entry) and its msgids stay as they
are. Both are idempotent: the ``french_typography`` command runs them again
after other branches add strings.

What is left alone: a sign not followed by a space or the end of the text
(times "10:30", keys "commune:86194", "hh:mm", ratios, a "?" in a query
string), URLs, HTML tags, Django template syntax, format placeholders, and a
sign glued to its word inside « » (typed syntax shown as an example: the user
writes « b: » literally).
"""

from __future__ import annotations

import re
from pathlib import Path

NBSP = "\u00a0"
NNBSP = "\u202f"
SPACE_BEFORE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP}
_SPACES = (" ", NBSP, NNBSP)

# Spans whose inside is never French prose.
_PROTECTED = re.compile(
    r"(?:https?|mailto|ftp):\S+"
    r"|<[^<>]*>"
    r"|\{\{.*?\}\}|\{%.*?%\}"
    r"|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"
    r"|\{\w*\}"
)
_QUOTED = re.compile(r"«[^«»]*»")
# What may follow a sign that is French punctuation (not "10:30" nor "?page=2").
_AFTER_PUNCTUATION = set("»)]”\"’'.,…<") | set(SPACE_BEFORE)


def _edits(text: str) -> dict[int, str]:
    """What each changed character of ``text`` becomes: {index: replacement}."""
    protected: set[int] = set()
    for match in _PROTECTED.finditer(text):
        protected.update(range(match.start(), match.end()))
    quoted: set[int] = set()
    for match in _QUOTED.finditer(text):
        quoted.update(range(match.start() + 1, match.end() - 1))

    edits: dict[int, str] = {}

    def space_at(index: int, wanted: str) -> None:
        if text[index] != wanted:
            edits.setdefault(index, wanted)

    for index, char in enumerate(text):
        if index in protected:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in SPACE_BEFORE:
            wanted = SPACE_BEFORE[char]
            if after and not after.isspace() and after not in _AFTER_PUNCTUATION:
                continue
            if not before or before in SPACE_BEFORE or before in "([«\n\t":
                continue
            if before in _SPACES:
                # A sign quoted alone, « ? »: that space is the guillemet's.
                if text[index - 2 : index - 1] != "«":
                    space_at(index - 1, wanted)
            elif index not in quoted:
                edits[index] = wanted + char
        elif char == "«" and after and after != "\n":
            if after in _SPACES:
                space_at(index + 1, NBSP)
            else:
                edits[index] = char + NBSP
        elif char == "»" and before and before != "\n":
            if before in _SPACES:
                space_at(index - 1, NBSP)
            else:
                edits[index] = NBSP + char
    return edits


def fix_text(text: str) -> str:
    edits = _edits(text)
    return "".join(edits.get(index, char) for index, char in enumerate(text))


# One line of a .po string: an optional keyword, then a quoted C string.
_PO_LINE = re.compile(r'^(?P<head>msgstr(?:\[\d+\])? )?"(?P<body>.*)"(?P<tail>\s*)$', re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _tokens(body: str) -> list[str]:
    """The characters of a quoted .po string, an escape sequence counting as one."""
    return re.findall(r"\\.|[^\\]", body)


def _decoded(token: str) -> str:
    return _ESCAPES.get(token[1], token[1]) if token.startswith("\\") else token


def _fix_block(lines: list[str]) -> list[str]:
    """The msgstr lines with their French text fixed, each line keeping its extent."""
    parts = [_PO_LINE.match(line) for line in lines]
    tokens = [_tokens(part["body"]) for part in parts]
    text = "".join(_decoded(token) for line in tokens for token in line)
    edits = _edits(text)
    if not edits:
        return lines
    fixed, index = [], 0
    for part, line_tokens in zip(parts, tokens, strict=True):
        body = []
        for token in line_tokens:
            body.append(edits.get(index, token))
            index += 1
        fixed.append(f'{part["head"] or ""}"{"".join(body)}"{part["tail"]}')
    return fixed


def fix_po(source: str) -> str:
    """The .po file ``source`` with every msgstr (and msgstr[n]) fixed; the header,
    comments, msgctxt and msgids are left as they are."""
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    index, header = 0, False
    while index < len(lines):
        line = lines[index]
        keyword = line.split(" ", 1)[0]
        end = index + 1
        while end < len(lines) and lines[end].startswith('"'):
            end += 1
        block = lines[index:end]
        if keyword == "msgid":
            # The header is the entry whose msgid is empty: its msgstr is metadata.
            header = line.rstrip() == 'msgid ""' and len(block) == 1
        elif keyword.startswith("msgstr") and not header:
            block = _fix_block(block)
        out.extend(block)
        index = end
    return "".join(out)


def offenders(path: Path) -> list[str]:
    """The msgstr lines of ``path`` that ``fix_po`` would change, as "path:line: text"."""
    source = path.read_text(encoding="utf-8")
    before = source.splitlines()
    after = fix_po(source).splitlines()
    return [
        f"{path}:{number}: {old.strip()}"
        for number, (old, new) in enumerate(zip(before, after, strict=True), start=1)
        if old != new
    ]
