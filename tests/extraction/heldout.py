"""Load the held-out extraction set and score the extractor against it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from timeline.extraction import extract

HERE = Path(__file__).parent

KINDS = ("typing", "inherited", "future", "periods", "quoted", "two_events")

TYPES = frozenset(
    {"rally", "raid", "arrest", "deployment", "statement", "order", "court", "policy", "other"}
)
STATUSES = frozenset({"occurred", "ongoing", "planned", "scheduled", "expected"})
PRECISIONS = frozenset({"day", "week", "month", "year"})
CERTAINTIES = frozenset({"exact", "approximate"})

# Fields a gold event may add to type/start/end; each is compared only when given,
# except `inherited`, which is False unless the gold says otherwise.
OPTIONAL_FIELDS = ("status", "precision", "certainty")


@dataclasses.dataclass(frozen=True)
class Miss:
    id: str
    text: str
    gold: list[dict[str, Any]]
    got: list[dict[str, Any]]

    def describe(self) -> str:
        """Say what the example expected and what the extractor gave, on a few lines."""
        text = self.text if len(self.text) <= 100 else self.text[:99] + "…"
        gold = "; ".join(_show(event) for event in self.gold) or "(no events)"
        got = "; ".join(_show(event) for event in self.got) or "(no events)"
        return f"{self.id}: {text}\n    gold: {gold}\n    got:  {got}"


@dataclasses.dataclass(frozen=True)
class Score:
    kind: str
    total: int
    misses: list[Miss]

    @property
    def accuracy(self) -> float:
        return (self.total - len(self.misses)) / self.total if self.total else 0.0

    def describe(self) -> str:
        """Summarise the file's accuracy and list every miss."""
        right = self.total - len(self.misses)
        lines = [f"{self.kind}: {self.accuracy:.1%} ({right}/{self.total})"]
        lines += [miss.describe() for miss in self.misses]
        return "\n".join(lines)


def load(kind: str) -> list[dict[str, Any]]:
    """Return the examples of one held-out file, in file order."""
    with open(HERE / f"{kind}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def as_gold(candidate: Any) -> dict[str, Any]:
    """Describe a candidate with the same keys a gold event uses."""
    return {
        "type": candidate.type,
        "start": candidate.start.isoformat(),
        "end": candidate.end.isoformat(),
        "status": candidate.status,
        "precision": candidate.precision,
        "certainty": candidate.certainty,
        "inherited": candidate.inherited,
    }


def matches(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    """Say whether one extracted event agrees with one gold event."""
    if (gold["type"], gold["start"], gold["end"]) != (got["type"], got["start"], got["end"]):
        return False
    if gold.get("inherited", False) != got["inherited"]:
        return False
    return all(gold[field] == got[field] for field in OPTIONAL_FIELDS if field in gold)


def all_matched(gold: Sequence[dict[str, Any]], got: Sequence[dict[str, Any]]) -> bool:
    """Pair every gold event with its own extracted event, with none left over."""
    if len(gold) != len(got):
        return False
    owner: dict[int, int] = {}  # index in got -> index in gold

    def place(g: int, seen: set[int]) -> bool:
        for c, event in enumerate(got):
            if c in seen or not matches(gold[g], event):
                continue
            seen.add(c)
            if c not in owner or place(owner[c], seen):
                owner[c] = g
                return True
        return False

    return all(place(g, set()) for g in range(len(gold)))


def evaluate(kind: str) -> Score:
    """Run the extractor over one held-out file and collect what it got wrong."""
    examples = load(kind)
    misses = []
    for example in examples:
        published = dt.date.fromisoformat(example["published"])
        got = [as_gold(c) for c in extract(example["text"], published=published)]
        if not all_matched(example["events"], got):
            misses.append(Miss(example["id"], example["text"], example["events"], got))
    return Score(kind, len(examples), misses)


def _show(event: dict[str, Any]) -> str:
    when = event["start"] if event["start"] == event["end"] else f"{event['start']}..{event['end']}"
    extras = [event[field] for field in ("status", "precision", "certainty") if field in event]
    if event.get("inherited"):
        extras.append("inherited")
    return f"{event['type']} {when}" + (f" ({', '.join(extras)})" if extras else "")
