"""Who took part: agencies by their names and initials, people by title or attribution."""

from __future__ import annotations

import re

# Agencies and forces by every name news copy uses, with the name we file them under.
AGENCIES = {
    "Immigration and Customs Enforcement": "ICE",
    "ICE": "ICE",
    "Department of Homeland Security": "Department of Homeland Security",
    "Homeland Security": "Department of Homeland Security",
    "DHS": "Department of Homeland Security",
    "Customs and Border Protection": "Customs and Border Protection",
    "CBP": "Customs and Border Protection",
    "Border Patrol": "Border Patrol",
    "FBI": "FBI",
    "National Guard": "National Guard",
    "Marines": "U.S. Marines",
    "Department of Justice": "Department of Justice",
    "Justice Department": "Department of Justice",
    "Chicago police": "Chicago Police Department",
    "Chicago Police Department": "Chicago Police Department",
    "LAPD": "Los Angeles Police Department",
}
TITLES = (
    r"President|Vice President|Mayor|Gov\.|Governor|Sen\.|Senator|Rep\.|Representative|"
    r"Ald\.|Alderperson|Judge|Secretary|Attorney General|Chief|Supt\.|Superintendent|"
    r"Police Chief|Sheriff|Commissioner|Pope|Director|Speaker"
)
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_TITLED = re.compile(rf"\b(?:{TITLES})\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})")
_SAID = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})\s+(?:said|says|wrote|told|posted|announced)\b"
)
_AGENCY = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in AGENCIES) + r")\b")
_NOT_NAMES = {"He", "She", "They", "It", "We", "The", "This", "That", "Officials", "Organizers"}
GROUPS = re.compile(r"\b(protesters|demonstrators|organizers|activists|residents)\b", re.I)


def find_actors(sentence: str, known_people: dict[str, str]) -> list[str]:
    """Actors named in a sentence, full names where the article gave them earlier.

    known_people maps a surname to the full name first used ("Johnson" → "Brandon
    Johnson"); it is filled as the article is read.
    """
    found: list[str] = []

    def add(name: str) -> None:
        if name and name not in found:
            found.append(name)

    for match in _TITLED.finditer(sentence):
        name = match.group("name")
        known_people.setdefault(name.split()[-1], name)
        add(name)
    for match in _SAID.finditer(sentence):
        name = match.group("name")
        if name.split()[0] in _NOT_NAMES or name in AGENCIES:
            continue
        full = known_people.get(name.split()[-1], name)
        if " " in full or full in known_people.values():
            known_people.setdefault(full.split()[-1], full)
            add(full)
    for match in _AGENCY.finditer(sentence):
        add(AGENCIES[match.group()])
    for match in GROUPS.finditer(sentence):
        add(match.group(1).capitalize())
    return found
