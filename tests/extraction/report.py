"""Print the extractor's accuracy on each held-out file, with every miss.

Run from the project root: .venv/bin/python -m tests.extraction.report [kind ...]
"""

from __future__ import annotations

import sys

from tests.extraction.heldout import KINDS, evaluate


def main(kinds: list[str]) -> None:
    """Print per-file accuracy and misses, then a one-line summary per file."""
    scores = [evaluate(kind) for kind in kinds or KINDS]
    for score in scores:
        print(score.describe(), end="\n\n")
    for score in scores:
        right = score.total - len(score.misses)
        print(f"{score.kind:<11} {score.accuracy:6.1%}  ({right}/{score.total})")


if __name__ == "__main__":
    main(sys.argv[1:])
