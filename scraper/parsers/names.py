"""Telling people's names from organisations and places in short runs of capitalised words.

Sign-offs, lead-ins and speaker lists all need the same judgement ("Charlie Taylor Derby
Socialist Party" is a person then a branch; "Leyton and Wanstead" is two places; "Socialist
Party reporters" is no person at all), so it lives in one module.
"""

from __future__ import annotations

import re

from scraper.parsers import gazetteer
from scraper.parsers import vocabulary as vocab
from scraper.parsers.vocabulary import NOT_GIVEN_NAMES, ORG_WORDS, TITLES

# Venue words that are never surnames ("Hall", "Green", "Church" and "Wood" are).
_VENUE_WORDS = frozenset(w for w in vocab.VENUE_WORDS if " " not in w) - frozenset(
    {
        "hall",
        "church",
        "green",
        "house",
        "park",
        "street",
        "lane",
        "bridge",
        "gate",
        "gates",
        "market",
        "court",
        "wood",
        "common",
        "inn",
        "works",
        "office",
    }
)
# A big place's name is not a given name ("Derby North" is a constituency, not a person).
_PLACE_NOT_NAME_POP = 20_000

_WORD = re.compile(r"[^\s,]+")
UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"
LOWER = "a-zß-öø-ÿĀ-ž"
NAME_TOKEN = (
    rf"(?:[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?|[{UPPER}]\."
    rf"|Mc[{UPPER}][{LOWER}]+|O['’][{UPPER}][{LOWER}]+)"
)
# Surname particles written as their own word ("Bríd Ó Súilleabháin", "Ana de Souza").
PARTICLE = r"(?:Ó|Ní|Nic|Mac|de|De|van|Van|von|da|di|du|dos|del|le|La|al|el|bin|ibn)"
PERSON = rf"(?:{NAME_TOKEN}\s+){{1,2}}(?:{PARTICLE}\s+)?{NAME_TOKEN}"
_PARTICLES = frozenset(PARTICLE.removeprefix("(?:").removesuffix(")").split("|"))
PERSON_RE = re.compile(rf"\b{PERSON}\b")
_INITIAL = re.compile(rf"[{UPPER}]\.")


def is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _bare(word: str) -> str:
    return word.strip(".,;:()'\"“”‘’").lower()


def is_org_word(word: str) -> bool:
    return _bare(word) in ORG_WORDS


def is_place_word(word: str) -> bool:
    return gazetteer.lookup(word.strip(".,;:()")) is not None


def looks_like_person(tokens: list[str]) -> bool:
    """Two or three capitalised words that are not an organisation, a place or a stock word
    (plus a surname particle before the last: "Bríd Ó Súilleabháin")."""
    if len(tokens) >= 3 and tokens[-2] in _PARTICLES:
        tokens = tokens[:-2] + tokens[-1:]
    if not 2 <= len(tokens) <= 3:
        return False
    if any(not t[:1].isupper() for t in tokens):
        return False
    if _bare(tokens[0]) in NOT_GIVEN_NAMES or any(is_org_word(t) for t in tokens):
        return False
    if any(_bare(t) in _VENUE_WORDS for t in tokens):
        return False  # "Paddington Station", "Leeds General Infirmary"
    if any(_bare(t) in NOT_GIVEN_NAMES - {"st"} for t in tokens[1:]):
        return False
    first = gazetteer.lookup(tokens[0])
    if first is not None and first.population >= _PLACE_NOT_NAME_POP:
        return False
    whole = gazetteer.lookup(" ".join(tokens))
    return whole is None


def leading_person(words: list[str]) -> tuple[str, int] | None:
    """The personal name that opens ``words`` and how many words it took: a given name and a
    surname, plus one more word only when what follows is a place or an organisation
    ("Mary Jane Smith Leeds")."""
    if len(words) < 2:
        return None
    start = 1 if words[0].rstrip(".") in TITLES else 0
    if (
        len(words) - start >= 3
        and words[start + 1] in _PARTICLES
        and looks_like_person(words[start : start + 3])
    ):
        return " ".join(words[start : start + 3]), start + 3  # "Siobhán Ní Bhriain"
    if (
        len(words) - start >= 3
        and _INITIAL.fullmatch(words[start + 1])
        and looks_like_person(words[start : start + 3])
    ):
        return " ".join(words[start : start + 3]), start + 3  # "Claire M. Dawson"
    if len(words) - start < 2 or not looks_like_person(words[start : start + 2]):
        return None
    n = start + 2
    if (
        len(words) > n + 1
        and words[n][:1].isupper()
        and not is_org_word(words[n])
        and not is_place_word(words[n])
        and (is_place_word(words[n + 1]) or is_org_word(words[n + 1]))
        and looks_like_person(words[start : n + 1])
    ):
        n += 1
    return " ".join(words[start:n]), n


def person_names(text: str) -> list[str]:
    """One or more people opening a sign-off ("Jane Doe and John Roe, Leeds"), joined by
    "and" as written; empty when the text does not open with a person."""
    head = text.split(",")[0] if "," in text else text
    words = _WORD.findall(head)
    names: list[str] = []
    i = 0
    while i < len(words):
        found = leading_person(words[i:])
        if found is None:
            break
        names.append(found[0])
        i += found[1]
        if i < len(words) and words[i].lower() in ("and", "&"):
            i += 1
            continue
        break
    return names


def trailing_person(text: str) -> str | None:
    """The last personal name in a phrase ("local anti-war activist Lindis Percy")."""
    found = None
    for m in PERSON_RE.finditer(text):
        tokens = m.group(0).split()
        # drop leading titles and non-names, then test
        while tokens and (tokens[0].rstrip(".") in TITLES or _bare(tokens[0]) in NOT_GIVEN_NAMES):
            tokens = tokens[1:]
        while len(tokens) > 2 and (is_org_word(tokens[0]) or is_place_word(tokens[0])):
            tokens = tokens[1:]
        if looks_like_person(tokens):
            found = " ".join(tokens)
    return found
