"""Framework mentions in a text, counted the way a methodology profile says (see frameworks.toml)."""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from re import _constants, _parser  # to read where a regex's matches begin
from typing import Iterator

from ahocorasick_rs import BytesAhoCorasick

REACH = 40  # characters between a pattern's literal and either end of its match, at most
CONTEXT = 40  # characters either side of a match that unless_near / only_near look at
_UTF8_MAX = 4  # bytes a character may take; windows are cut from UTF-8
_LINE_BREAK = re.compile(r"[\n\r\f\v\x1c-\x1e\x85\u2028\u2029]")
_RULE_KINDS = {"substrings", "words", "prefixes", "patterns"}
_PATTERN_KEYS = {"literal", "regex", "unless_near", "only_near"}

_TAXONOMY = tomllib.loads(files(__package__).joinpath("frameworks.toml").read_text(encoding="utf-8"))
PROFILES: tuple[str, ...] = tuple(_TAXONOMY["profiles"])


@dataclass(frozen=True)
class Rule:
    """Occurrences of `literal` in lower-cased text or, with a `regex`, its matches around them."""

    literal: str
    regex: re.Pattern[str] | None = None
    unless_near: re.Pattern[str] | None = None
    only_near: re.Pattern[str] | None = None
    # The regex matches nothing but the literal, looking at most one character either side of it (words,
    # prefixes): it is tried where the literal occurs rather than run over the text around it.
    at_literal: bool = False


@dataclass(frozen=True)
class Framework:
    name: str  # canonical lower-case key, as stored in the warehouse
    label: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    frameworks: tuple[Framework, ...]
    counts_references: bool  # False: mentions found only in the reference list mean "cited", not "used"

    @cached_property
    def rules_by_literal(self) -> dict[str, tuple[tuple[str, Rule], ...]]:
        """(framework, rule) pairs for each literal: a text is scanned once for all of them."""
        pairs = defaultdict(list)
        for framework in self.frameworks:
            for rule in framework.rules:
                pairs[rule.literal].append((framework.name, rule))
        return {literal: tuple(rules) for literal, rules in pairs.items()}

    @cached_property
    def literals(self) -> tuple[str, ...]:
        return tuple(self.rules_by_literal)

    @cached_property
    def framework_names(self) -> tuple[str, ...]:
        return tuple(framework.name for framework in self.frameworks)


@cache
def profile(name: str) -> Profile:
    if name not in PROFILES:
        raise ValueError(f"unknown mention profile {name!r}; known: {', '.join(PROFILES)}")
    spec = _TAXONOMY["profiles"][name]
    labels = _TAXONOMY["frameworks"]
    frameworks = []
    for key, rules in spec["frameworks"].items():
        if key not in labels:
            raise ValueError(f"profile {name!r} counts {key!r}, which [frameworks] does not name")
        frameworks.append(Framework(key, labels[key], _rules(f"{name}.{key}", rules)))
    return Profile(name, " ".join(spec["description"].split()), tuple(frameworks), spec["counts_references"])


def count_mentions(text: str, profile: Profile) -> dict[str, int]:
    """Hits per framework, only those with hits."""
    return Scan(text, (profile,)).count(profile)


def count_each(texts: list[str], profile_name: str) -> list[dict[str, int]]:
    """`count_mentions` of each text under the named profile: one call for many texts, such as a worker
    process takes (a profile travels by its name)."""
    rules = profile(profile_name)
    return [Scan(text, (rules,)).count(rules) for text in texts]


class Scan:
    """A text scanned once for the literals of several profiles, then counted per profile, over the whole
    text or over a part of it (e.g. its reference list)."""

    def __init__(self, text: str, profiles: tuple[Profile, ...]):
        # ASCII lower-casing of UTF-8 finds the ASCII aliases exactly where str.lower() would (bar the
        # Kelvin sign and dotted capital I), at several times its speed on non-ASCII text.
        self.lowered = _lower(text)
        self._starts = _literal_starts(self.lowered, _union(tuple(p.name for p in profiles)))

    def count(self, profile: Profile, part: str | None = None) -> dict[str, int]:
        """Hits per framework in the text, or in `part` of it, only those with hits."""
        if not self._starts:
            return {}
        lowered, low = self.lowered, 0
        if part is not None:
            piece = _lower(part)
            low = lowered.find(piece)  # any place it stands in gives the same counts: the bytes are the same
            lowered = piece
        text = _Text(lowered)
        counts: dict[str, int] = {}
        for literal, starts in self._starts.items():
            rules = profile.rules_by_literal.get(literal)
            if rules and part is not None:
                starts = _shifted(starts, low, low + len(lowered) - len(literal.encode()))
            if rules and starts:
                for framework, rule in rules:
                    if hits := _hits(rule, text, starts):
                        counts[framework] = counts.get(framework, 0) + hits
        return {name: counts[name] for name in profile.framework_names if name in counts}


@cache
def _union(names: tuple[str, ...]) -> tuple[str, ...]:
    """The literals of the named profiles, for one scan."""
    return tuple(sorted({literal for name in names for literal in profile(name).literals}))


def _lower(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").lower()


def _shifted(starts: list[int], low: int, last: int) -> list[int]:
    """The starts from `low` to `last`, counted from `low`."""
    return [start - low for start in starts[bisect_left(starts, low):bisect_right(starts, last)]]


def _rules(where: str, spec: dict) -> tuple[Rule, ...]:
    if unknown := spec.keys() - _RULE_KINDS:
        raise ValueError(f"{where}: unknown rule kinds {sorted(unknown)}")
    rules = [Rule(_lower_case(where, alias)) for alias in spec.get("substrings", ())]
    for alias in spec.get("words", ()):
        rules.append(Rule(_lower_case(where, alias), re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), at_literal=True))
    for alias in spec.get("prefixes", ()):
        rules.append(Rule(_lower_case(where, alias), re.compile(rf"(?<!\w){re.escape(alias)}"), at_literal=True))
    for pattern in spec.get("patterns", ()):
        if unknown := pattern.keys() - _PATTERN_KEYS:
            raise ValueError(f"{where}: unknown pattern keys {sorted(unknown)}")
        rules.append(Rule(
            _lower_case(where, pattern["literal"]),
            re.compile(pattern["regex"]),
            *(re.compile(pattern[key]) if key in pattern else None for key in ("unless_near", "only_near")),
        ))
    return tuple(rules)


def _lower_case(where: str, literal: str) -> str:
    if not literal or literal != literal.lower():
        raise ValueError(f"{where}: {literal!r} never occurs in lower-cased text")
    return literal


@cache
def _finder(literals: tuple[str, ...]) -> BytesAhoCorasick:
    return BytesAhoCorasick([literal.encode() for literal in literals])


def _literal_starts(lowered: bytes, literals: tuple[str, ...]) -> dict[str, list[int]]:
    """Byte offsets where each literal starts, in increasing order; one pass for all literals."""
    starts = defaultdict(list)
    for index, start, _ in _finder(literals).find_matches_as_indexes(lowered, overlapping=True):
        starts[literals[index]].append(start)
    return starts


class _Text:
    """Lower-cased UTF-8 and, when it is ASCII, the same as a string (a character per byte)."""

    __slots__ = ("ascii", "lowered")

    def __init__(self, lowered: bytes):
        self.lowered = lowered
        self.ascii = lowered.decode("ascii") if lowered.isascii() else None


def _hits(rule: Rule, text: _Text, starts: list[int]) -> int:
    length = len(rule.literal.encode())
    if rule.regex is None:
        return _non_overlapping(starts, length)
    if rule.at_literal and text.ascii is not None:
        # What the regex finds in the windows below: every window reaches past the character either side
        # of each occurrence, and those are all the regex looks at.
        match = rule.regex.match
        return _non_overlapping([start for start in starts if match(text.ascii, start)], length)
    margin = _UTF8_MAX * (REACH + (CONTEXT if rule.unless_near or rule.only_near else 0))
    context = rule.unless_near is not None or rule.only_near is not None
    hits = 0
    for low, high in _windows(len(text.lowered), starts, length, margin):
        window = text.lowered[low:high].decode("utf-8", "replace") if text.ascii is None else text.ascii[low:high]
        if context:
            hits += sum(1 for match in _finditer(rule.regex, window) if _context_allows(rule, window, match))
        else:
            hits += sum(1 for _ in _finditer(rule.regex, window))
    return hits


def _finditer(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text)` gives, trying the regex only where a match may begin."""
    heads = _heads(regex)
    if heads is None:
        yield from regex.finditer(text)
        return
    free_from = 0
    for start in _places(text, heads, 0, len(text)):
        if start >= free_from and (match := regex.match(text, start)):
            yield match
            free_from = match.end()  # never empty: it holds a head


def _places(text: str, heads: tuple[str, ...], low: int, high: int) -> Iterator[int]:
    """Where one of `heads` begins in text[low:high] (it may end beyond), in increasing order."""
    places = []
    for head in heads:
        end = high + len(head) - 1
        place = text.find(head, low, end)
        while place >= 0:
            places.append(place)
            place = text.find(head, place + 1, end)
    return iter(sorted(set(places)) if len(heads) > 1 else places)


@cache
def _heads(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of `regex` begins with, read from the parsed expression; None
    when it does not tell (a match that may begin with a class, a repeat or nothing at all, or a case-blind
    regex). re.search and re.finditer try every position; trying only where a head begins finds the same
    matches, since `regex.match(text, place)` looks behind `place` as they do."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        heads = _sequence_heads(list(_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # a construct this reading does not know
        return None
    return tuple(sorted(heads)) if heads else None


def _sequence_heads(items: list) -> set[str] | None:
    for index, (op, value) in enumerate(items):
        if op in (_constants.ASSERT, _constants.ASSERT_NOT, _constants.AT):
            continue  # looks around or at a boundary without consuming a character
        if op is _constants.LITERAL:
            head = []
            for op, value in items[index:]:
                if op is not _constants.LITERAL:
                    break
                head.append(chr(value))
            return {"".join(head)}
        if op is _constants.BRANCH:
            heads = set()
            for alternative in value[1]:
                found = _sequence_heads(list(alternative))
                if found is None:
                    return None
                heads |= found
            return heads
        if op is _constants.SUBPATTERN and not value[1] and not value[2]:  # a group that changes no flag
            return _sequence_heads(list(value[3]))
        return None
    return None  # nothing consumed: the match may be empty


def _non_overlapping(starts: list[int], length: int) -> int:
    """What str.count would say."""
    count, free_from = 0, 0
    for start in starts:
        if start >= free_from:
            count, free_from = count + 1, start + length
    return count


def _windows(size: int, starts: list[int], length: int, margin: int) -> Iterator[tuple[int, int]]:
    """Disjoint stretches of a text of `size` bytes reaching `margin` bytes beyond every occurrence, as
    (low, high) offsets."""
    low = high = None
    for start in starts:
        if high is not None and start - margin > high:
            yield low, high
            low = None
        if low is None:
            low = max(0, start - margin)
        high = min(size, start + length + margin)
    if low is not None:
        yield low, high


def _context_allows(rule: Rule, text: str, match: re.Match[str]) -> bool:
    low, high = _line_around(text, match.start(), match.end())
    if rule.unless_near is not None and _occurs(rule.unless_near, text, low, high):
        return False
    return rule.only_near is None or _occurs(rule.only_near, text, low, high)


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """CONTEXT characters either side of text[start:end], not crossing a line break."""
    low, high = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    for line_break in _LINE_BREAK.finditer(text, low, start):
        low = line_break.end()
    if line_break := _LINE_BREAK.search(text, end, high):
        high = line_break.start()
    return low, high


def _occurs(regex: re.Pattern[str], text: str, low: int, high: int) -> bool:
    """Whether a match begins in text[low:high]; it may end beyond `high`, which keeps a word cut there whole."""
    heads = _heads(regex)
    if heads is None:
        found = regex.search(text, low)
        return found is not None and found.start() < high
    return any(regex.match(text, place) for place in _places(text, heads, low, high))
