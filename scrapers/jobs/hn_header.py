"""Company, role and location from the first line of a Hacker News "Who is hiring?" posting.

Since about 2014 the line reads `Company | Role | Location | ...`, where the fields after the company come
in any order and some are no place: the employment type (`Full-time`, `INTERNS`), `REMOTE` / `ONSITE`, visa,
salary (`$150 - 210K`), a link. Before that the line was free and usually led with the place:
`Raleigh, NC - Generalist engineer`, `Palo Alto, CA - SurveyMonkey.com`, `Chicago, IL - Rails Programmer @
37signals`, `Google - Autocompleter`, `Groupon is hiring ... in Chicago`. Places are told by a small
gazetteer of the places these threads name most, US state codes after a comma, and "remote" with a region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scrapers.text.normalise import clean_line


@dataclass(frozen=True)
class Header:
    company: str | None = None
    role: str | None = None
    location: str | None = None


def _words(text: str) -> frozenset[str]:
    return frozenset(word.strip() for word in text.split(",") if word.strip())


_PLACE_NAMES = _words("""
    alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia, hawaii, idaho,
    illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan, minnesota,
    mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico, new york, north carolina,
    north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island, south carolina, south dakota, tennessee, texas,
    utah, vermont, virginia, washington, west virginia, wisconsin, wyoming, ontario, quebec, british columbia,
    alberta, manitoba, nova scotia,
    america, united states, canada, mexico, brazil, argentina, chile, colombia, peru, uk, united kingdom, england,
    scotland, wales, ireland, france, germany, netherlands, belgium, luxembourg, switzerland, austria, italy, spain,
    portugal, denmark, sweden, norway, finland, iceland, poland, czech republic, czechia, slovakia, hungary, romania,
    bulgaria, greece, serbia, croatia, slovenia, estonia, latvia, lithuania, ukraine, russia, turkey, israel, egypt,
    nigeria, kenya, south africa, india, pakistan, bangladesh, china, hong kong, taiwan, japan, korea, singapore,
    malaysia, indonesia, thailand, vietnam, philippines, australia, new zealand, dubai, emirates,
    san francisco, bay area, silicon valley, palo alto, mountain view, menlo park, redwood city, redwood shores,
    sunnyvale, santa clara, san jose, san mateo, foster city, burlingame, cupertino, los gatos, berkeley, oakland,
    emeryville, los angeles, santa monica, culver city, venice, pasadena, irvine, san diego, santa barbara,
    sacramento, seattle, bellevue, redmond, kirkland, portland, boise, salt lake city, provo, denver, boulder,
    phoenix, tempe, las vegas, albuquerque, austin, dallas, houston, san antonio, chicago, evanston, minneapolis,
    madison, milwaukee, detroit, ann arbor, columbus, cleveland, cincinnati, pittsburgh, philadelphia, baltimore,
    annapolis, boston, cambridge, somerville, waltham, needham, providence, new haven, hartford, manhattan, brooklyn,
    new york city, nashville, atlanta, raleigh, durham, charlotte, miami, tampa, orlando, new orleans, st louis,
    kansas city, toronto, waterloo, ottawa, montreal, vancouver, victoria, calgary, edmonton, halifax, london,
    oxford, brighton, manchester, edinburgh, glasgow, dublin, cork, paris, lyon, berlin, munich, hamburg, cologne,
    frankfurt, amsterdam, rotterdam, utrecht, brussels, zurich, geneva, lausanne, vienna, prague, warsaw, krakow,
    budapest, bucharest, stockholm, gothenburg, copenhagen, oslo, helsinki, tallinn, riga, vilnius, barcelona,
    madrid, lisbon, porto, milan, rome, athens, istanbul, tel aviv, moscow, kyiv, bangalore, bengaluru, mumbai,
    delhi, hyderabad, pune, chennai, beijing, shanghai, shenzhen, tokyo, seoul, sydney, melbourne, auckland,
    sao paulo, buenos aires, mexico city, kuala lumpur,
    remote, anywhere, worldwide, europe, emea, apac, asia, latam, north america, south america, east coast,
    west coast, midwest, distributed team, planet earth
""")
# Codes that name a place only when written in capitals ("US", not "us").
_PLACE_CODES = _words("US, USA, UK, EU, UAE, NYC, SF, SFBA, LA, DC, SOMA")
_STATE_AFTER_COMMA = re.compile(
    r",\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND"
    r"|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|ON|QC|BC|AB|MB|NS)\b"
)
# Words that make a field a role: job titles, and the technologies early postings named instead of one.
_ROLE_WORDS = _words("""
    engineer, engineering, developer, development, dev, programmer, designer, scientist, manager, architect,
    analyst, administrator, admin, sysadmin, hacker, consultant, lead, head, director, researcher, technologist,
    generalist, specialist, coder, tester, qa, sre, swe, sde, devops, cto, vp, intern, position, role, job, opening,
    opportunity, opportunities, marketing, sales, recruiter, writer, staff, ruby, rails, python, java, javascript,
    php, ios, android, scala, django, .net, c#, c++, frontend, front-end, backend, back-end, fullstack, full-stack,
    web, mobile, flash, erlang, clojure, haskell, perl, lamp, linux, node.js, html5, ux, ui
""")
# Words that, alone, make a field the employment type or the work mode: no place.
_DETAIL_WORDS = _words("""
    full, part, time, full-time, fulltime, part-time, contract, contractor, contractors, contract-to-hire, freelance,
    freelancer, freelancers, permanent, temporary, intern, interns, internship, internships, ft, pt, fte, employee,
    remote, onsite, on-site, on, site, hybrid, office, in-office, in, ok, only, friendly, remote-friendly,
    remote-first, first, optional, possible, allowed, no, not, or, and, relocation, partially, days, week
""")
# Detail words that make no detail alone: "OR" and "ON" after a comma are Oregon and Ontario.
_CONNECTIVES = _words("and, or, on, in, no, not, ok, only")
_DETAIL_FIELD = re.compile(
    r"https?://|www\."  # a link
    r"|[$€£¥₹]|\b\d+(?:[.,]\d+)?\s*[kK]\b|\b(?:salary|equity|compensation)\b"  # pay
    r"|\bvisas?\b|\bh-?1b\b|\bsponsor|\brequired\b",  # visa, a requirement ("DUTCH REQUIRED")
    re.IGNORECASE,
)
# Free-form lines: "Place - Role - Company", "Place: Company", "Company -- Role", ...
_SEPARATOR = re.compile(r"\s*(?:--?|–|—)\s+|\s+(?:--?|–|—)\s*|:\s+|:$|\s+[•·]\s+")
_DOMAIN = re.compile(r"^\S+\.(?:com|io|ai|co|org|net|dev|app)(?:/\S*)?$")
_LINK = re.compile(r"\(?\s*(?:https?://|www\.)\S*\s*\)?")
_PARENTHESES = re.compile(r"[(\[]([^()\[\]]*)[)\]]")  # (...) and [...]
# "Groupon is hiring ...", "Etsy, the global marketplace ..., is hiring ...", "Instagram is."
_STATEMENT = re.compile(r"^(?P<name>[^,]+?)(?:,.*,)?\s+(?:is|are)\b(?P<rest>.*)$")
_IN_PLACE = re.compile(r"\bin\s+(?P<place>[A-Z][^.:;!()]*?)\s*(?:[.:;!(]|\s-\s|$)")
_HEAD_IN_PLACE = re.compile(r"^(?P<head>.+?)\s+in\s+(?P<place>.+)$")
_LABELS = _words("location, locations, where, company, position, positions, role, roles, job, jobs")
# First words that start a sentence, not a company's name.
_NOT_A_NAME = _words("""
    we, we're, i, i'm, our, this, it, there, that, what, who, anyone, anybody, he, she, they, my, here, everyone,
    someone, seeking, looking, hiring, thank, thanks, have, can't, if, is, are, do, please
""")
# Replies to the thread that are no posting: notes about the thread itself, pointers to other job boards,
# and seekers' questions.
_NOT_A_POSTING = re.compile(r"\bthis thread\b|\brss feed\b|\bcheck out:?$|^any(?:one|body) hiring\b", re.IGNORECASE)
_NOT_A_POSTING_WORDS = ("this thread", "rss feed", "check out")  # what its branches but the last must find
MAX_FIELD = 100  # a pipe field longer than this is prose, not part of a header
MAX_NAME_WORDS = 4
MAX_SEGMENT_WORDS = 10  # a free-form segment longer than this is prose


def is_posting(first_line: str) -> bool:
    line = first_line.strip()
    # An ASCII line holding none of the expression's words cannot match it (case-blind matching of ASCII is
    # matching the lower-cased line): most lines, told apart several times faster than by the expression.
    if line.isascii():
        lowered = line.lower()
        if not (lowered.startswith("any") or any(word in lowered for word in _NOT_A_POSTING_WORDS)):
            return True
    return not _NOT_A_POSTING.search(line)


def read_header(first_line: str) -> Header:
    line = clean_line(first_line)
    return _pipe_header(line) if "|" in line else _free_header(line)


def _pipe_header(line: str) -> Header:
    """`Company | Role | Location | ...`; a line of two fields names only the company ("Acme | REMOTE" is
    common), and a line whose fields are prose is no header."""
    fields = [field.strip() for field in line.split("|")]
    if any(len(field) > MAX_FIELD for field in fields) or not fields[0]:
        return Header()
    if len(fields) == 2:
        return Header(fields[0])
    rest = [field for field in fields[1:] if field and not _is_detail(field) and not _DOMAIN.match(field)]
    places = [field for field in rest if _is_place(field) and not _is_role(field)]
    others = [field for field in rest if field not in places]
    role = others[0] if others else None
    location = places[0] if places else None
    # The convention puts the location after the role: a field there that is neither a role nor a detail.
    if location is None and len(others) > 1 and not _is_role(others[1]):
        location = others[1]
    return Header(fields[0], role, location)


def _free_header(line: str) -> Header:
    """The segments of a free first line, each a place, a role, the company or a statement about it; the
    reading stops at the first segment of prose."""
    company = role = location = None
    place_in_parentheses = None
    for segment in _SEPARATOR.split(_LINK.sub(" ", line)):
        for inner in _PARENTHESES.findall(segment):
            if place_in_parentheses is None and _is_place(inner) and not _is_detail(inner):
                place_in_parentheses = _trim(inner)
        text = _trim(_PARENTHESES.sub("", segment))
        if not text or text.casefold() in _LABELS or _is_detail(text):
            continue
        if (statement := _STATEMENT.match(text)) and _is_name(name := _trim(statement["name"])):
            company = company or name
            location = location or _place_in(statement["rest"])
            continue
        if len(text.split()) > MAX_SEGMENT_WORDS:
            break
        if (found := _HEAD_IN_PLACE.match(text)) and _is_place(found["place"]) and not _is_place(found["head"]):
            location = location or _without_details(found["place"])  # "Trendiction in Luxembourg"
            text = found["head"]
        if "@" in text:  # "Rails Programmer @ 37signals"
            text, _, at = (_trim(part) for part in text.partition("@"))
            if _is_name(at):
                company = company or at
            if not text:
                continue
        is_role, is_place = _is_role(text), _is_place(text)
        if is_role and is_place:  # "Senior software Engineer, Paris, France"
            parts = [part.strip() for part in text.split(",")]
            places = [part for part in parts if _is_place(part) and not _is_role(part)]
            location = location or ", ".join(places)
            role = role or ", ".join(part for part in parts if part not in places and not _is_detail(part))
        elif is_role:
            role = role or text
        elif is_place:
            location = location or _without_details(text)
        elif company is None and _is_name(text):
            company = text
        elif role is None and company is not None:
            role = text  # "Google - Autocompleter"
    return Header(company, role or None, location or place_in_parentheses)


def _place_in(text: str) -> str | None:
    """The place in "... is hiring engineers in San Francisco. ..."."""
    if not (found := _IN_PLACE.search(text)):
        return None
    place = found["place"]
    if len(place.split()) > MAX_NAME_WORDS:  # "Los Gatos, but there are jobs elsewhere as well"
        place = place.partition(",")[0]
    return place if _is_place(place) else None


def _without_details(place: str) -> str:
    """The place without the details written into it: "Toronto, full time" is Toronto."""
    return ", ".join(part for part in (part.strip() for part in place.split(",")) if not _is_detail(part))


def _trim(text: str) -> str:
    text = re.sub(r"\s+([,.;:!])", r"\1", " ".join(text.split()))
    return text.lstrip(" ,;:!*[]@").rstrip(" .,;:!*[]@")


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_NAME_WORDS and words[0].casefold() not in _NOT_A_NAME


# Fields repeat across postings ("Full-time", "REMOTE", "San Francisco, CA"): each is judged once.
@lru_cache(maxsize=8192)
def _is_detail(field: str) -> bool:
    if _DETAIL_FIELD.search(field):
        return True
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", field.casefold())
    return all(word in _DETAIL_WORDS for word in words) and any(word not in _CONNECTIVES for word in words)


@lru_cache(maxsize=8192)
def _is_role(text: str) -> bool:
    words = (word.rstrip(".") for word in re.findall(r"[a-z0-9.#+-]+", text.casefold()))
    return any(word in _ROLE_WORDS or word.removesuffix("s") in _ROLE_WORDS for word in words)


@lru_cache(maxsize=8192)
def _is_place(text: str) -> bool:
    if _STATE_AFTER_COMMA.search(text):
        return True
    words = re.findall(r"[A-Za-z]+", text)
    if any(word in _PLACE_CODES for word in words):
        return True
    folded = [word.casefold() for word in words]
    return any(
        " ".join(folded[start:start + size]) in _PLACE_NAMES
        for size in (1, 2, 3)
        for start in range(len(folded) - size + 1)
    )
