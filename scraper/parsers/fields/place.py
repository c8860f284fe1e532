"""Where an event happened: the most specific gazetteer place a report names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from scraper.parsers import gazetteer, names
from scraper.parsers import vocabulary as vocab
from scraper.parsers.fields.report import POSSESSIVE_END, Report, char_before

INSTITUTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "institutions.tsv"

_CAP_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’]*(?:-[\w'’]+)*(?:\s+(?:upon|on|under|le|de|of|[A-Z][\w'’]*(?:-[\w'’]+)*))*"
)
_COMPASS = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "North-west",
        "North-West",
        "North-east",
        "North-East",
        "South-west",
        "South-West",
        "South-east",
        "South-East",
        "Central",
        "Greater",
        "Inner",
        "Outer",
        "Mid",
    }
)
RUN_OPENERS = frozenset(
    {
        "In",
        "At",
        "On",
        "From",
        "To",
        "The",
        "A",
        "And",
        "But",
        "Outside",
        "Across",
        "Near",
        "By",
        "Around",
        "Inside",
        "Through",
        "With",
        "For",
        "Of",
        "As",
        "While",
        "When",
        "After",
        "Before",
        "Since",
        "Last",
        "This",
        "Next",
        "Every",
        "Both",
        "Over",
        "Meanwhile",
        "Elsewhere",
        "Back",
    }
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|outside|near|across|around|through|throughout|all\s+over|into|inside|of)\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-west|north-east|south-west|south-east)\s+)?$",
    re.I,
)
_CONSTITUENCY_NEXT = re.compile(
    r"^\s+(?:CLP|Labour|constituency|Constituency|Momentum|Socialist|Trades|TUC)\b"
)


_NOT_PLACE_WORDS = frozenset(
    w.lower() for w in (*vocab.NOT_GIVEN_NAMES, "parliament", "solidarity", "support", "memory")
)
_COMMON_WORDS = frozenset(vocab.COMMON_WORD_PLACES) | frozenset(vocab.VENUE_WORDS)
_NOT_PLACE_NAMES = frozenset(vocab.PLACE_NAMES_NOT_PLACES)
# A place name followed by these words names a venue or an institution in it ("Hanley bus
# station", "Medway Maritime Hospital", "Bute Park"): the town is where that stands, and a
# free-standing "in Stoke-on-Trent" says it better.
_VENUE_AFTER = re.compile(
    rf"^(?:\s+(?-i:[A-Z])[\w'’-]*){{0,2}}\s+(?:{vocab.alt(vocab.VENUE_WORDS)})\b", re.I
)
_INSTITUTION_BEFORE = re.compile(r"\b(?:University|College|Hospital|School)\s+of\s+(?:the\s+)?$")
_ORG_AFTER = re.compile(
    rf"^(?:['’]s)?(?:\s+(?-i:[A-Z])[\w'’-]*){{0,2}}\s+(?:{vocab.alt(vocab.ORG_NAME_WORDS)})\b", re.I
)
# ... unless the organisation hosted the event: then it says where (see ORG_HOSTING_VERBS).
_ORG_HOSTS = re.compile(
    rf"{_ORG_AFTER.pattern}(?:\s+(?-i:[A-Z])[\w'’-]*){{0,2}}\s+{vocab.alt(vocab.ORG_HOSTING_VERBS)}\b",
    re.I,
)
_CITYWIDE = re.compile(r"\b(?:all\s+over|across|throughout|around)\s+(?:the\s+)?$", re.I)
# Sentences about what is to come: their places are not where the report's event was.
_FUTURE_SENTENCE = re.compile(
    r"\b(?:will|would|tomorrow|next\s+(?:week|month|year)|is\s+planning|are\s+planning|plans?\s+to)\b",
    re.I,
)
_PERSON_AFTER = re.compile(r"^\s+(?P<w>[A-Z][a-z’'-]+)\b")
_SUBJECT_NEXT = re.compile(rf"(?:['’]s)?\s+{vocab.alt(vocab.PLACE_AS_SUBJECT_NEXT)}\b")
# "<people> from <place> came/travelled/joined …": where they came from
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:[A-Z][\w'’-]+(?:,\s+|\s+(?:and|&)\s+)){0,3}$")
_ORIGIN_AFTER = re.compile(
    rf"(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?(?:\s+[\w'’-]+){{0,2}}?\s+{vocab.alt(vocab.ORIGIN_VERBS)}\b"
)
_PEOPLE_NOUN_NEXT = re.compile(rf"\s+{vocab.alt(vocab.PEOPLE_NOUNS)}\b")
_EVENT_OR_PEOPLE_NEXT = re.compile(
    rf"\s+{vocab.alt([*vocab.PEOPLE_NOUNS, *(n for ns in vocab.EVENT_NOUNS.values() for n in ns)])}\b"
)


@dataclass(frozen=True)
class PlaceHit:
    place: gazetteer.Place
    name: str
    start: int
    locative: bool  # after "in", "at", "outside" …
    key: bool  # in a sentence that names the event, its day or its count
    heading: bool  # named in a heading, label or lead-in
    # "venue" when the name is part of a venue's or institution's name ("Hanley bus
    # station", "University of East Anglia"); "org" when part of an organisation's
    # ("Bolton council", "Leeds Socialist Party"); "origin" where people came from
    # ("a coach from Hull travelled to London"); None when it stands free.
    embedded: str | None = None
    institution: bool = False  # found through the institutions table ("SOAS" -> London)
    citywide: bool = False  # "all over London", "across Leeds": the whole place, not a district


@cache
def _institutions() -> MappingProxyType[str, str]:
    table: dict[str, str] = {}
    for line in INSTITUTIONS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, town = line.split("\t")
            table[name] = town
    return MappingProxyType(table)


@cache
def _institution_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){vocab.alt(_institutions())}(?![\w-])")


@cache
def _institution_word() -> re.Pattern[str]:
    """Each institution's longest word as written (the pattern matches names as written,
    a space standing for any white space): a text that holds none names no institution."""
    return re.compile(vocab.trie_alt({max(n.split(" "), key=len) for n in _institutions()}))


def _institution_matches(text: str) -> list[re.Match[str]]:
    if not _institution_word().search(text):
        return []  # (most texts: the pattern would try every position for nothing)
    return list(_institution_pattern().finditer(text))


def _institution_hits(matches: list[re.Match[str]], text: str) -> list[PlaceHit]:
    hits: list[PlaceHit] = []
    for m in matches:
        town = gazetteer.lookup(_institutions()[m.group(0)])
        if town is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        hits.append(
            PlaceHit(
                town, town.name, m.start(), bool(_LOCATIVE.search(before)), False, False, None, True
            )
        )
    return hits


@lru_cache(maxsize=4096)
def _scan(text: str) -> tuple[tuple[PlaceHit, bool, bool], ...]:
    """Every place ``text`` names, in order, with what stands around it, and whether it
    counts in running text and in a heading (a heading names small places at its start;
    running text does only after "in"/"at"). Cached per page."""
    hits: list[tuple[PlaceHit, bool, bool]] = []
    firsts = gazetteer.first_words()
    matches = _institution_matches(text)
    institutions = _institution_hits(matches, text)
    taken = [(m.start(), m.end()) for m in matches] if institutions else []
    for run in _CAP_RUN.finditer(text):
        words = run.group(0).split()
        i = 0
        while i < len(words) and (words[i] in _COMPASS or words[i] in RUN_OPENERS):
            i += 1
        if (
            i < len(words) - 1
            and words[i].endswith(("’s", "'s"))
            and gazetteer.lookup(words[i][:-2]) is None
            and _longest_place(words, i, firsts) is None
        ):
            # "Unison's Leicester city branch": the owner is not the place (but "King's
            # Cross", "Bishop's Stortford" are places)
            i += 1
        first_i = i
        offsets: list[int] = []
        pos = run.start()
        for w in words:
            pos = text.index(w, pos)
            offsets.append(pos)
            pos += len(w)
        while i < len(words):
            found = _longest_place(words, i, firsts)
            if (
                found is None
                or (
                    i > first_i
                    and names.looks_like_person([words[i - 1], words[i]])
                    and not _opens_line(text, offsets[i - 1], found[0])
                    # "the Royal Liverpool Hospital": a venue's name, not a person's
                    and not _VENUE_AFTER.match(text[offsets[i] + len(found[0]) :])
                )
            ):
                i += 1
                continue
            hit = _hit_at(text, offsets[i], found, taken)
            i += found[1]
            if hit is not None:
                hits.append(hit)
    hits += [(h, True, True) for h in institutions]
    return tuple(sorted(hits, key=lambda x: x[0].start))


def _opens_line(text: str, pos: int, name: str) -> bool:
    """A capitalised word opening a line before a big place's name is the line's first
    word ("Enormous Walthamstow protest …"), not a given name; so it is before any place
    whose name an event or its people follow ("Enormous Fordingbridge protest", "Angry
    Hexham parents"): a person's name is not followed by its event."""
    before = char_before(text, pos)
    if before and before not in ".!?:":
        return False
    place = gazetteer.lookup(name)
    if place is None:
        return False
    if place.population >= 50_000:
        return True
    end = text.find(name, pos) + len(name)
    return bool(_EVENT_OR_PEOPLE_NEXT.match(text, end))


def _longest_place(words: list[str], i: int, firsts: frozenset[str]) -> tuple[str, int] | None:
    """The longest gazetteer name that the run of capitalised ``words`` holds at ``i``."""
    if words[i].isupper() and len(words[i]) > 3 and words[i].title() in firsts:
        pass
    elif words[i].rstrip("'’s") not in firsts and words[i] not in firsts:
        return None
    if words[i].isupper() and len(words[i]) > 3:
        words = [*words[:i], words[i].title(), *words[i + 1 :]]  # "BRIGHTON AND Hove"
    for n in range(min(gazetteer.max_words(), len(words) - i), 0, -1):
        name = " ".join(words[i : i + n])
        for cand in (name, POSSESSIVE_END.sub("", name)):
            if gazetteer.lookup(cand) is not None and cand not in _NOT_PLACE_NAMES:
                return cand, n
    return None


def _hit_at(
    text: str,
    start: int,
    found: tuple[str, int],
    taken: list[tuple[int, int]],
) -> tuple[PlaceHit, bool, bool] | None:
    """The hit for a place name at ``start`` with whether it counts in running text and in
    a heading; None when it stands where no place does (inside an institution's name, as a
    person's name)."""
    if any(a <= start < b for a, b in taken):
        return None  # inside an institution's name already counted
    end = start + len(found[0])
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    locative = bool(_LOCATIVE.search(before))
    sentence_start = not before.strip() or before.rstrip()[-1] in '.!?“"‘'
    place = gazetteer.lookup(found[0])
    assert place is not None
    person = _PERSON_AFTER.match(after)
    # "Hexham activists", "Hexham Health activists": people of the place
    people_of_place = bool(
        _PEOPLE_NOUN_NEXT.match(after) or (person and _PEOPLE_NOUN_NEXT.match(after, person.end()))
    )
    if (
        person
        and found[1] == 1
        and names.looks_like_person([found[0], person.group("w")])
        and not people_of_place
    ):
        # "Clare Birkett": a person, not the town of Clare; but "Hexham Health activists"
        # are people of a place (a person's name is not followed by whom it counts)
        return None
    common = found[0].lower() in _COMMON_WORDS  # "Prince Charles Hospital", "Street"
    # "Ripponden had its first ever stall", "Darndale city centre drew …": a small place
    # opening a sentence as its subject
    subject = sentence_start and bool(_SUBJECT_NEXT.match(after))
    in_text = not (
        (
            sentence_start
            and not locative
            and not people_of_place
            and not subject
            and place.population < 20_000
        )
        or (common and not locative)
        or (not locative and place.population < 2_000)
    )
    in_heading = not common
    embedded: str | None = None
    if _VENUE_AFTER.match(after) or _INSTITUTION_BEFORE.search(before):
        embedded = "venue"
    elif _ORG_AFTER.match(after) and not (sentence_start or _ORG_HOSTS.match(after)):
        embedded = "org"  # "Bolton council"; but "Walthamstow CLP held …" says where
    elif _FROM_BEFORE.search(before) and _ORIGIN_AFTER.match(after):
        embedded = "origin"  # "Strikers from Ashington came to support the picket"
    citywide = bool(_CITYWIDE.search(before))
    hit = PlaceHit(place, found[0], start, locative, False, False, embedded, False, citywide)
    return hit, in_text, in_heading


_STATION_AFTER = re.compile(r"\s+(?:railway\s+|mainline\s+|tube\s+)?station\b", re.I)
_STATION_CITIES = vocab.STATION_CITIES
_AND_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def _and_names_after(src: str, names: set[str]) -> dict[str, re.Match[str]]:
    """For each of ``names``, the capitalised name in the first "<name> and <Name>" of
    ``src`` (name at a word start); names without one are left out.

    Why one pass: a long report names its places thousands of times, and a search of the
    whole text per place named made its cost grow with the square of its length. Here
    every " and <Name>" is found once, and the text before it is looked up among the names
    by each of their lengths (a handful)."""
    found: dict[str, re.Match[str]] = {}
    lengths = sorted({len(n) for n in names})
    j = src.find(" and ")
    while j >= 0 and len(found) < len(names):
        m = _AND_NAME.match(src, j + 5)
        if m is not None:
            for length in lengths:
                i = j - length
                if i < 0:
                    break
                name = src[i:j]
                if (
                    name in names
                    and name not in found
                    and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_"))
                ):
                    found[name] = m
        j = src.find(" and ", j + 1)
    return found


def _paragraph_hits(paragraph: str) -> tuple[PlaceHit, ...]:
    return tuple(h for h, in_text, _ in _scan(paragraph) if in_text)


def _text_hits(report: Report, key_sentences: set[tuple[int, int]]) -> list[PlaceHit]:
    """The places a report's text names, paragraph by paragraph (cached per page), each
    marked key when its sentence names the event, its day or its count."""
    out: list[PlaceHit] = []
    offset = 0
    for part in report.text.split("\n\n"):
        for h in _paragraph_hits(part):
            start = h.start + offset
            key = report.sentence_at(start) in key_sentences
            out.append(replace(h, start=start, key=key) if offset or key else h)
        offset += len(part) + 2
    return out


def places_in(text: str) -> list[PlaceHit]:
    """The places a line names (a heading, a label, a lead-in's "from Cardiff")."""
    return list(_places_in(text))


@lru_cache(maxsize=4096)
def _places_in(text: str) -> tuple[PlaceHit, ...]:
    # a line is asked about by the splitter, the event test and the place rule alike
    # (cached per page, like _scan)
    return tuple(replace(h, heading=True) for h, _, in_heading in _scan(text) if in_heading)


def _constituency(sources: list[str], hits: list[PlaceHit]) -> str | None:
    """ "Leyton and Wanstead CLP": two places joined by "and" before a party or constituency
    word are one constituency, kept together."""
    names = list(dict.fromkeys(a.name for a in hits))  # (the same name, the same answer)
    for src in sources:
        after = _and_names_after(src, set(names))
        for name in names:
            m = after.get(name)
            if m and gazetteer.lookup(m.group(0)) is not None:
                rest = src[m.end() :]
                if _CONSTITUENCY_NEXT.match(rest) or (src is not sources[-1] and not rest.strip()):
                    return f"{name} and {m.group(0)}"
    return None


def _districts_of(base: gazetteer.Place, hits: list[PlaceHit]) -> list[gazetteer.Place]:
    """The distinct places among ``hits`` that lie within ``base`` (districts of a city)."""
    out: dict[str, gazetteer.Place] = {}
    for h in hits:
        if h.place.name != base.name and base.contains(h.place):
            out.setdefault(h.place.name, h.place)
    return list(out.values())


def place(
    report: Report,
    key_positions: tuple[int, ...],
    hints: tuple[str, ...] = (),
    fallback: str | None = None,
) -> str | None:
    """Where it happened.

    A label, a heading or a lead-in that names a place ("Cardiff: thousands in Bute
    Park", "Clare Wilkins reported from Birmingham:") says it best; otherwise the most
    specific place the text names standing free (after "in"/"at", in the sentences that
    name the event, its day or its count), before places that are only part of a venue's
    or an organisation's name ("Hanley bus station in Stoke-on-Trent"). A city gives way to
    the one district of it the text names (Kilburn, not London), but not to several (a
    march through Holborn and Bloomsbury was in London)."""
    key_sentences = {report.sentence_at(p) for p in key_positions}
    all_hits = _text_hits(report, key_sentences)
    hits = [h for h in all_hits if not report.in_quote(h.start)]
    present = [h for h in hits if not _FUTURE_SENTENCE.search(report.sentence_text(h.start))]
    hits = present or hits
    quoted = [h for h in all_hits if report.in_quote(h.start)]
    head_hits: list[PlaceHit] = []
    for hint in hints:
        found = [h for h in places_in(hint) if not h.embedded] or places_in(hint)
        if found:
            head_hits.append(found[0])
            break
    if not head_hits and report.heading:
        found = places_in(report.heading)
        head_hits = [h for h in found if not h.embedded] or found
    joined = _constituency(
        ([report.heading] if report.heading else []) + [report.text], head_hits + hits
    )
    if joined:
        return joined
    free = [h for h in hits if h.embedded is None]
    if head_hits and head_hits[0].embedded == "venue" and free:
        head_hits = []  # a heading naming a venue ("Hanley bus station"): the text says where
    if head_hits:
        base = head_hits[0].place
        if any(h.citywide and h.place.name == base.name for h in free):
            return head_hits[0].name
        districts = _districts_of(base, [h for h in free if h.locative or h.key])
        if not districts and base.kind == "county":
            # a heading naming a borough or county ("Trafford", "Tameside"): the one town of
            # it the text names is where, even inside a venue's name ("Stretford library")
            inside = {
                h.place.name: h.place
                for h in hits
                if h.place.admin2 == base.name and h.place.name != base.name
            }
            districts = list(inside.values())
        return districts[0].name if len(districts) == 1 else head_hits[0].name
    if free:
        best = min(
            free,
            key=lambda h: (
                -(
                    2 * h.key
                    + 2 * h.locative
                    + (report.sentence_at(h.start) == report.sentences[0])
                ),
                h.start,
            ),
        )
        districts = [] if best.citywide else _districts_of(best.place, free)
        if len(districts) == 1:
            return districts[0].name
        if districts:
            return best.name
        containers = [h for h in free if h.place.contains(best.place)]
        if containers and len(_districts_of(containers[0].place, free)) > 1:
            return containers[0].name
        return best.name
    embedded = sorted(hits, key=lambda h: (h.embedded != "venue", h.start))
    if embedded:
        return _station_city(report.text, embedded[0]) or embedded[0].name
    if quoted:
        return quoted[0].name  # only a speaker names it
    if fallback:
        # the article's title is the last word on where ("Askern drivers picket …")
        found = [h for h in places_in(fallback) if not h.embedded] or places_in(fallback)
        if found:
            return found[0].name
    if report.heading:
        unlisted = _unlisted_place(report.heading)
        if unlisted:
            return unlisted
    return _unlisted_in_text(report, key_sentences)


_IN_TEXT_NAME = re.compile(
    r"\bin\s+(?P<name>[A-Z][a-z'’-]{2,}(?:\s+[A-Z][a-z'’-]{2,})?)\b(?!\s+[A-Z])(?![’'-])"
)


def _unlisted_in_text(report: Report, key_sentences: set[tuple[int, int]]) -> str | None:
    """A place the gazetteer lacks, named after "in" where the report tells of its
    happening ("staged a walkout at the hospital in Wythenshawe on Monday"): not a month or
    weekday, an organisation, a venue or a stock word, nor a name run on by an apostrophe
    ("in Jo Banks' memory": the pattern stops short of it)."""
    text = report.text
    sentences = sorted(key_sentences) or list(report.sentences[:1])
    for a, b in sentences:
        for m in _IN_TEXT_NAME.finditer(text, a, b):
            name = m.group("name")
            words = name.split()
            if report.in_quote(m.start()) or words[0] in _NOT_PLACE_NAMES:
                continue
            if any(
                w.lower() in _NOT_PLACE_WORDS
                or names.is_org_word(w)
                or (len(words) == 1 and w.lower() in _COMMON_WORDS)
                or w.lower() in _NOT_UNLISTED
                for w in words
            ):
                continue
            return name
    return None


# Capitalised words after "in" that are not places: months and days are _NOT_PLACE_NAMES;
# these are languages, seasons of the church year and other stock phrases.
_NOT_UNLISTED = frozenset(w.lower() for w in vocab.NOT_UNLISTED_PLACE_WORDS)
_IN_NAME = re.compile(
    r"^(?P<head>.+?)\s+(?:in|at)\s+(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)$"
)


def _station_city(text: str, hit: PlaceHit) -> str | None:
    """A railway station named for a district stands for the city it serves: a picket "at
    King's Cross station" or "Liverpool Street station" was in London (as researchers code
    it), not in the district the station is named after."""
    if not _STATION_AFTER.match(text, hit.start + len(hit.name)):
        return None
    for city in _STATION_CITIES:
        found = gazetteer.lookup(city)
        if found is not None and found.contains(hit.place):
            return city
    return None


def _unlisted_place(heading: str) -> str | None:
    """A place the gazetteer lacks, named by a sentence-case heading "<what> in <Name>"
    ("Canvassing in Gleadless"): every other word lower-case, so the capital marks a name.
    A heading in capitals ("CANVASSING IN GLEADLESS") is read so too."""
    heading = heading.strip()
    if heading.isupper():
        head, sep, name = heading.rpartition(" IN ")
        if not sep or not head or len(name.split()) > 2:
            return None
        heading = f"{head.capitalize()} in {name.title()}"
    m = _IN_NAME.match(heading)
    if not m:
        return None
    rest = m.group("head").split()
    if any(w[:1].isupper() for w in rest[1:]):
        return None  # a title-case heading capitalises every word
    name = m.group("name")
    if name.split()[0].lower() in _NOT_PLACE_WORDS or names.is_org_word(name.split()[-1]):
        return None
    return name
