"""Sentences, clauses and quotations in news copy, with their offsets in the article."""

from __future__ import annotations

import dataclasses
import re

# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "st",
    "ave", "blvd", "rd", "jr", "sr", "no", "vs", "inc", "co", "corp", "dept", "u.s", "d.c",
    "a.m", "p.m", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "atty", "supt", "pres", "prof", "rev", "ald", "cmdr", "det", "ofc",
}  # fmt: skip

_BOUNDARY = re.compile(r"""[.!?]["'”’)]*\s+(?=["“‘'(]?[A-Z0-9])""")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"


@dataclasses.dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the article
    paragraph: int
    quoted: tuple[tuple[int, int], ...]  # spans inside quotation marks, sentence offsets

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def in_quotes(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)

    @property
    def unquoted(self) -> str:
        """The sentence with its quotations blanked out, offsets kept: the reporter's words."""
        text = self.text
        for start, end in self.quoted:
            text = text[:start] + " " * (end - start) + text[end:]
        return text


def sentences(text: str) -> list[Sentence]:
    """Split an article into sentences, keeping where each one starts."""
    found: list[Sentence] = []
    for paragraph, match in enumerate(re.finditer(r"[^\n]+", text)):
        block, offset = match.group(), match.start()
        quoted = quote_spans(block)
        begin = 0
        for boundary in _BOUNDARY.finditer(block):
            stop = boundary.start() + 1
            if _is_abbreviation(block, boundary.start()) or _inside(quoted, stop, strict=True):
                continue
            _add(found, block, begin, boundary.end(), offset, paragraph, quoted)
            begin = boundary.end()
        _add(found, block, begin, len(block), offset, paragraph, quoted)
    return found


# Longer than any sentence news prints: a list, a table or hostile input. Such a run is
# read in pieces cut at commas, so the work per sentence stays bounded.
MAX_SENTENCE = 1_000


def _add(found, block, begin, end, offset, paragraph, quoted) -> None:
    piece = block[begin:end]
    stripped = piece.strip()
    if not stripped:
        return
    if len(piece) > MAX_SENTENCE:
        cut = max(
            block.rfind(", ", begin, begin + MAX_SENTENCE),
            block.rfind("; ", begin, begin + MAX_SENTENCE),
        )
        cut = cut + 2 if cut > begin else begin + MAX_SENTENCE
        _add(found, block, begin, cut, offset, paragraph, quoted)
        _add(found, block, cut, end, offset, paragraph, quoted)
        return
    lead = begin + piece.index(stripped[0])
    spans = tuple(
        (max(start, lead) - lead, min(stop, lead + len(stripped)) - lead)
        for start, stop in quoted
        if start < lead + len(stripped) and stop > lead
    )
    found.append(Sentence(stripped, offset + lead, paragraph, spans))


def _is_abbreviation(block: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", block[:dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    # Single capital initials ("S. South Shore Drive", "John F. Kennedy") too.
    return token in ABBREVIATIONS or (len(token) == 1 and block[dot - 1].isupper())


def _inside(spans, position: int, *, strict: bool = False) -> bool:
    return any(
        (start < position < end - 1) if strict else start <= position < end for start, end in spans
    )


def quote_spans(block: str) -> list[tuple[int, int]]:
    """Spans of quoted speech in a paragraph, curly or straight quotes."""
    spans = []
    for match in re.finditer(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)", block):
        if match.end() - match.start() > 1:
            spans.append((match.start(), match.end()))
    return spans


def clause_bounds(sentence: str, position: int) -> tuple[int, int]:
    """The clause around position: between semicolons, dashes, colons, or ", and"."""
    start, end = 0, len(sentence)
    for mark in re.finditer(r";|\s[—–]\s|\s--\s|:\s|,\s(?:and|but|while|whereas)\s", sentence):
        if mark.end() <= position:
            start = mark.end()
        elif mark.start() >= position:
            end = mark.start()
            break
    return start, end


WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d[\d,.:]*")


def words_between(sentence: str, start: int, end: int) -> int:
    """How many words lie between two positions."""
    low, high = sorted((start, end))
    return len(WORD.findall(sentence[low:high]))
