"""Turn a class specification's text into a structured record with a character span for every fact."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from analytics.ingest.parse.alternatives import split_alternatives
from analytics.ingest.parse.clean import clean
from analytics.ingest.parse.conventions import BLANK, alternative_facts, one_edge_per_pair, progressions
from analytics.ingest.parse.levels import series_levels
from analytics.ingest.parse.patterns import QUESTION_LINE
from analytics.ingest.parse.record import Fact, Promotion, RelatedClass, SpecRecord, Supervision, TitleRecord
from analytics.ingest.parse.relations import (
    bargaining_unit,
    classification,
    effective_date,
    jurisdiction,
    related_classes,
    supervised_by,
    supervises,
)
from analytics.ingest.parse.requirements import (
    SUBSTITUTION,
    Edge,
    Path,
    Substitution,
    class_references,
    experience_years,
    following_list,
    higher_education,
    lowest_education,
    reference_edge,
    required_education,
    substitutions_in,
)
from analytics.ingest.parse.salary import SalaryRange, salary_ranges, stated_grade
from analytics.ingest.parse.sections import Section, lines, split_sections
from analytics.ingest.parse.titles import TitleHit, find_titles
from analytics.vocabulary import LEVEL_BASIS_CONFIDENCE, PROMOTIONAL_LINE, SERIES, title_key

Block = tuple[str, int]  # text and its offset in the document


def parse_spec(text: str, *, file_name: str = "") -> dict[str, Any]:
    """Return the structured record of one document (the `extract` JSON shape) with an evidence map."""
    return parse_record(text, file_name=file_name).to_json()


def parse_record(text: str, *, file_name: str = "") -> SpecRecord:
    """Return the typed record of one document: its facts, titles and relations, each with its span.

    The parser reads the normalised text (clean.clean); every span is mapped back to `text`."""
    cleaned = clean(text)
    return _parse(cleaned.text, file_name).located(cleaned.span, cleaned.slice)


def _parse(text: str, file_name: str) -> SpecRecord:
    sections = split_sections(text)
    hits = find_titles(text)
    facts = [_fact(read(text)) for read in (jurisdiction, effective_date, classification, bargaining_unit)]
    if not hits and facts[0].value is not None and not re.search(r"(?m)^(?:Employer|Agency)[ \t]*:", text):
        facts[0] = Fact(None)  # with no class defined, only a labelled employer is the jurisdiction
    names = [h.title for h in hits]
    qual_blocks = _blocks_by_title(text, _requirement_sections(sections, text), names)
    if not any(qual_blocks.values()) and hits:
        qual_blocks = _fallback_requirements(text, sections)
    promotions: list[tuple[Edge, str]] = []
    titles = []
    ranges = salary_ranges(text, sections) if hits else []
    known = frozenset(title_key(n) for n in names)
    for i, hit in enumerate(hits):
        title, edges = _title_record(text, sections, hits, i, qual_blocks, ranges, known)
        titles.append(title)
        promotions.extend((e, hit.title) for e in edges)
        promotions.extend(_progressions(text, sections, hits, i))
    return SpecRecord(file_name, *facts, tuple(titles), _promotions(hits, promotions),
                      _supervision(text, sections, hits), _related(text, sections, hits))


def _progressions(text: str, sections: list[Section], hits: list[TitleHit], i: int) -> list[tuple[Edge, str]]:
    """Moves out of title i that its own text states ("after twelve months the trainee advances to ...")."""
    scoped = [s for s in sections if s.kind in ("preamble", "duties", "distinguishing", "other", "posting")]
    blocks = _blocks_by_title(text, scoped, [h.title for h in hits]).get(i, [])
    if len(hits) == 1:
        blocks = [(text, 0)]
    return [found for block, offset in blocks for found in progressions(block, offset, hits[i].title)]


def _fact(found: tuple[str, tuple[int, int]] | None) -> Fact[str | None]:
    return Fact(found[0], found[1]) if found else Fact(None)


def _title_record(text: str, sections: list[Section], hits: list[TitleHit], i: int,
                  qual_blocks: dict[int | None, list[Block]], document_ranges: list[SalaryRange],
                  known: frozenset[str]) -> tuple[TitleRecord, list[Edge]]:
    """Return title i's record and the promotional / feeder edges its requirements state."""
    hit = hits[i]
    stated = stated_grade(text) if hit.grade is None and len(hits) == 1 else None
    grade = Fact(*stated) if stated else Fact(hit.grade, hit.grade_span)
    ranges = document_ranges if len(hits) == 1 else _ranges_on_title_lines(text, document_ranges, hits, i)
    shared = qual_blocks.get(None, [])
    paths, edges, subs = _requirements(qual_blocks.get(i, []), _shared_education(shared), known)
    shared_subs, shared_feeders = _requirements_shared(shared)
    subs += [s for s in shared_subs if all(s.education != o.education for o in subs)]
    edges += shared_feeders
    series, level = _series(text, hits, i)
    title = TitleRecord(Fact(hit.title, hit.span), Fact(hit.class_code, hit.code_span), grade, series, level,
                        tuple(ranges), tuple(paths), tuple(subs), tuple(_duties(text, sections, hits, i)),
                        hit.working_title, hit.confidence)
    return title, edges


def _shared_education(blocks: list[Block]) -> str | None:
    """Education stated once for all levels ("All Levels: Education: ...")."""
    found = [required_education(m.group(0)) for block, _ in blocks
             for m in re.finditer(r"(?im)^\s*Education:[^\n]*", block)]
    return higher_education(*found)


def _requirements_shared(blocks: list[Block]) -> tuple[list[Substitution], list[Edge]]:
    subs: list[Substitution] = []
    edges: list[Edge] = []
    for block, offset in blocks:
        found_subs, feeders = substitutions_in(block, offset)
        subs += found_subs
        edges += feeders
    return subs, edges


def _requirements(blocks: list[Block], shared_education: str | None = None, known: frozenset[str] = frozenset()
                  ) -> tuple[list[Path], list[Edge], list[Substitution]]:
    paths: list[Path] = []
    edges: list[Edge] = []
    subs: list[Substitution] = []
    for block, offset in blocks:
        block_subs, feeders = substitutions_in(block, offset)
        subs.extend(s for s in block_subs if all(s.education != o.education for o in subs))
        edges.extend(feeders)
        alternatives, common = split_alternatives(_blank_substitutions(block))
        common = higher_education(common, shared_education)
        for alt in alternatives:
            if alt.is_promotional:
                edges.extend(_promotional_lines(alt.text, offset + alt.start))
                continue
            found_paths, found_edges = alternative_facts(alt.text, offset + alt.start, known_titles=known,
                                                         common_education=alt.education or common)
            paths.extend(found_paths)
            edges.extend(found_edges)
    return paths, edges, subs


def _promotional_lines(text: str, offset: int) -> list[Edge]:

    return [reference_edge(text, ref, offset, PROMOTIONAL_LINE) for ref in class_references(text)]


def _blank_substitutions(block: str) -> str:
    """Blank out substitution sentences and lists, preferred qualifications and questions, so that none is read as
    a qualification path."""
    def blank(m: re.Match[str]) -> str:
        sentence = m.group(0)
        if SUBSTITUTION.search(sentence) or QUESTION_LINE.search(sentence):
            return BLANK * len(sentence)
        if _PREFERRED_WORDS.search(sentence):  # "Associates Degree preferred", "..., two years desirable in ..."
            return re.sub(r"[^,;]+", lambda c: BLANK * len(c.group(0)) if _PREFERRED_WORDS.search(c.group(0))
                          else c.group(0), sentence)
        return sentence
    for start, end in following_list(block, 0)[2]:
        block = block[:start] + BLANK * (end - start) + block[end:]
    return re.sub(r"[^.•\n]+(?:\.(?!\d)|$)", blank, block, flags=re.M)


def _blocks_by_title(text: str, sections: list[Section], names: list[str]) -> dict[int | None, list[Block]]:
    """Return each title's part of the given sections; a part before any title line (None) is shared."""
    return _blocks_cached(text, tuple(sections), tuple(names))


@lru_cache(maxsize=32)
def _blocks_cached(text: str, sections: tuple[Section, ...], names: tuple[str, ...]) -> dict[int | None, list[Block]]:
    blocks: dict[int | None, list[Block]] = {}
    if len(names) <= 1:
        blocks[0 if names else None] = [(s.body.text, s.body.start) for s in sections]
        return blocks
    keys = {title_key(n): i for i, n in enumerate(names)}
    for section in sections:
        current: list[int | None] = [None]
        start = section.body.start
        for ln in lines(section.body.text):
            owners, content_at = _title_line(ln.text, keys), ln.end
            if not owners:  # "Social Worker II: A bachelor's degree and ..." names its title inline
                owners, content_at = _inline_title(ln.text, keys, ln.start)
            if owners:
                end = section.body.start + ln.start
                if text[start:end].strip():
                    for owner in current:
                        blocks.setdefault(owner, []).append((text[start:end], start))
                    current = []
                current = [o for o in current if o is not None] + owners
                start = section.body.start + content_at
            elif ln.text.lstrip().startswith("*") and not ln.text.lstrip().startswith("**"):
                blocks.setdefault(None, []).append((ln.text, section.body.start + ln.start))
        for owner in current:
            blocks.setdefault(owner, []).append((text[start:section.body.end], start))
    return blocks


_TITLE_LINE_NOISE = re.compile(r"[*#:]|\b(?:Non-Competitive|Competitive|Open-Competitive)\b")


def _title_line(line: str, keys: dict[str, int]) -> list[int | None]:
    """The titles a line names when it is nothing but one title, or titles joined by "and" / "/" / ","."""
    if not line.strip() or len(line) > 200:
        return []
    clean = _TITLE_LINE_NOISE.sub("", line).strip()
    if not clean or len(clean) > 160:
        return []
    if title_key(clean) in keys:
        return [keys[title_key(clean)]]
    parts = [title_key(p) for p in re.split(r"\s+and\s+|/|,", clean)]
    return [keys[p] for p in parts] if parts and all(p in keys for p in parts) and len(parts) > 1 else []


def _ranges_on_title_lines(text: str, ranges: list[SalaryRange], hits: list[TitleHit], i: int
                           ) -> list[SalaryRange]:
    """The ranges of a multi-title document stated on a line that starts with title i ("Social Worker II: $54,000
    - $66,000 Annually"); ranges not on such a line belong to no single title."""
    key = title_key(hits[i].title)
    owned: dict[int, list[SalaryRange]] = {}
    shared = []
    for rng in ranges:
        owner = _range_owner(text, rng, hits)
        if owner is None:
            shared.append(rng)
        else:
            owned.setdefault(owner, []).append(rng)
    if owned.get(i):
        return owned[i]
    # titles split from one title line share the posting's ranges that name no one of them
    split = all(h.source.endswith("(split)") for h in hits)
    return shared if split and not any(title_key(hits[j].title) == key for j in owned) else []


def _range_owner(text: str, rng: SalaryRange, hits: list[TitleHit]) -> int | None:
    """The title a range belongs to: the one its line starts with ("Social Worker II: $54,000 - $66,000"), else the
    only title its line names ("The hiring range for our Senior Outreach Administrator is between ...")."""
    line_start = text.rfind("\n", 0, rng.span[0]) + 1
    line_end = text.find("\n", rng.span[1])
    head = re.match(r"[ \t*#-]*(?P<title>[^:\n$]{3,100}?)[ \t*]*:", text[line_start:rng.span[0]])
    keys = [title_key(h.title) for h in hits]
    if head and title_key(head.group("title")) in keys:
        return keys.index(title_key(head.group("title")))
    line = text[line_start:line_end if line_end != -1 else len(text)].lower()
    named = [j for j, h in enumerate(hits) if re.search(rf"\b{re.escape(h.title.lower())}\b", line)]
    named = [j for j in named if not any(k != j and hits[j].title.lower() in hits[k].title.lower() for k in named)]
    return named[0] if len(named) == 1 else None


_INLINE_TITLE = re.compile(r"^[ \t*#-]*(?P<title>[^:\n]{3,100}?)[ \t*]*:[ \t]*\S")


def _inline_title(line: str, keys: dict[str, int], line_start: int) -> tuple[list[int | None], int]:
    """([title index], where the line's content starts) for a line "<title>: <content>", else ([], 0).

    keys maps each title's title_key to its index."""
    m = _INLINE_TITLE.match(line) if ":" in line else None
    if not m:
        return [], 0
    owner = keys.get(title_key(m.group("title")))
    return ([owner], line_start + m.end() - 1) if owner is not None else ([], 0)


# A sentence about what is wished for, not required ("Ideal candidates should have at least 3 years ...").
_PREFERRED_WORDS = re.compile(r"\b(?:ideal(?:ly)?|prefer(?:red|ably)|desirable|(?:is|are|strongly)\s+desired|a plus"
                              r"|bonus|nice to have|preference (?:will|may) be given)\b", re.I)
# Where a NEOGOV export's supplemental questionnaire starts: its first item number "01" on a line of its own
# with a question after it, or a heading naming it.
_QUESTIONNAIRE = re.compile(r"(?im)^\s*01\s*$(?=[\s\S]{0,800}?\?)|^\s*supplemental questions|^\s*agency-wide questions")


_DESIRED_AS_REQUIRED = re.compile(r"(?i)^\W*desired\s+(?:education|experience|qualifications)")


def _requirement_sections(sections: list[Section], text: str) -> list[Section]:
    """The sections that state minimum qualifications. Preferred and desirable blocks never do, with one
    exception: a document whose only qualifications heading is "Desired Education and Experience" (the
    Washington State class-spec heading) states its requirements there."""
    stop = _questionnaire_start(sections, text)
    found = [s for s in sections if s.kind in ("qualifications", "substitutions") and s.body.start < stop]
    if any(s.kind == "qualifications" for s in found):
        return found
    return sorted(found + [s for s in sections if s.kind == "preferred" and _DESIRED_AS_REQUIRED.match(s.heading)],
                  key=lambda s: s.body.start)


def _questionnaire_start(sections: list[Section], text: str) -> int:
    """Where the supplemental questionnaire starts: its questions and answer choices are never requirements."""
    marker = _QUESTIONNAIRE.search(text)
    return min([s.body.start for s in sections if s.kind == "questionnaire"] + [marker.start() if marker else 1 << 62])


def _fallback_requirements(text: str, sections: list[Section]) -> dict[int | None, list[Block]]:
    """With no qualifications heading: Education/Experience sections, else the first requirement-like line."""
    stop = (_QUESTIONNAIRE.search(text) or re.search(r"\Z", text)).start()
    education = [s for s in sections if s.kind == "education" and s.body.start < stop]
    experience = [s for s in sections if s.kind == "experience" and s.body.start < stop]
    if experience:
        edu = " ".join(re.split(r"\n\s*\n", s.body.text.strip())[0] for s in education)
        first = experience[0].body
        blocks = [(s.body.text[: max(0, stop - s.body.start)], s.body.start) for s in experience]
        return {0: blocks, None: [(f"Education: {edu}", first.start)] if edu else []}
    kinds = ("preamble", "duties", "education", "posting")
    allowed = [s.body for s in sections if s.kind in kinds and s.body.start < stop]
    previous = ""
    for ln in lines(text[:stop]):
        t = _without_wishes(ln.text.strip())
        if (not t or QUESTION_LINE.search(t) or len(t) < 25
                or not any(b.start <= ln.start < b.end for b in allowed)):
            previous = t or previous
            continue
        years, _ = experience_years(t)
        if years is not None and (lowest_education(t) or re.search(r"experience", t, re.I)):
            edu = previous if lowest_education(previous) and not experience_years(previous)[0] else ""
            return {0: [(ln.text, ln.start)], None: [(f"Education: {edu}", ln.start)] if edu else []}
        previous = t
    return {}


def _without_wishes(line: str) -> str:
    """A requirement line without the clauses that state a wish ("..., with at least two years desirable in ...")."""
    if not _PREFERRED_WORDS.search(line):
        return line
    clauses = re.split(r"(?<=[,;.])\s+", line)
    return " ".join(c for c in clauses if not _PREFERRED_WORDS.search(c)).rstrip(" ,;")


def _series(text: str, hits: list[TitleHit], i: int) -> tuple[str | None, int | None]:
    """Return the series name and title i's level (levels.series_levels: parallel titles share a level)."""
    if len(hits) < 2:
        return None, None
    level = _levels(hits)[i]
    head = re.match(r"\s*(?P<name>[^\n|]{3,80}?)\s+Series\b", text)
    if head:
        return head.group("name").strip(), level
    base = re.sub(r"\s+(?:\d{1,2}|[IVX]{1,4})$", "", hits[0].title)
    return base, level


def _levels(hits: list[TitleHit]) -> list[int]:
    return series_levels([h.title for h in hits], [h.grade for h in hits])[0]


def _promotions(hits: list[TitleHit], edges: list[tuple[Edge, str]]) -> tuple[Promotion, ...]:
    """Return series steps between consecutive titles in level order (none between titles at one level) and each
    stated (edge, to_title), one edge per pair of titles (conventions.one_edge_per_pair)."""
    levels, basis = series_levels([h.title for h in hits], [h.grade for h in hits]) if len(hits) > 1 else ([1], None)
    ranked = sorted(range(len(hits)), key=lambda i: (levels[i], i))
    confidence = LEVEL_BASIS_CONFIDENCE.get(basis, 1.0)
    steps = [(Edge(hits[a].title, None, SERIES, (min(hits[a].span[0], hits[b].span[0]),
                                                 max(hits[a].span[1], hits[b].span[1])), confidence), hits[b].title)
             for a, b in zip(ranked, ranked[1:], strict=False) if levels[a] < levels[b]]
    return tuple(Promotion(edge, to_title) for edge, to_title in one_edge_per_pair(steps + edges))


def _supervision(text: str, sections: list[Section], hits: list[TitleHit]) -> tuple[Supervision, ...]:
    """Return every supervision statement, repeats included (SpecRecord.to_json lists each pair once)."""
    out: list[Supervision] = []
    names = [h.title for h in hits]
    for i, hit in enumerate(hits):
        scope = text if len(hits) == 1 else ""
        found = supervised_by(scope, hit.title, names)
        scoped = [s for s in sections if s.kind in ("duties", "distinguishing")]
        for block, offset in _blocks_by_title(text, scoped, names).get(i, []) + (
                [(text, 0)] if len(hits) == 1 else []):
            out.extend(Supervision(sub, hit.title, span, _named(sub, names))
                       for sub, span in supervises(block, offset, hit.title, names))
        out.extend(Supervision(hit.title, name, span, _named(name, names)) for name, span in found)
    return tuple(out)


# How sure a related class is when it is read from "differs from X" prose rather than a Related Classes section.
DIFFERS_FROM_CONFIDENCE = 0.9
# How sure a supervision statement is when its other class is not one the document defines.
OUTSIDE_CLASS_CONFIDENCE = 0.7


def _named(name: str, names: list[str]) -> float:
    return 1.0 if title_key(name) in {title_key(n) for n in names} else OUTSIDE_CLASS_CONFIDENCE


def _related(text: str, sections: list[Section], hits: list[TitleHit]) -> tuple[RelatedClass, ...]:
    """Return each class the document names as related, once, except its own titles."""
    if not hits:
        return ()
    own = {title_key(h.title) for h in hits}
    out: list[RelatedClass] = []
    related_spans = [s.body for s in sections if s.kind == "related"]
    for name, span in related_classes(sections, text):
        if title_key(name) in own or any(r.related_title == name for r in out):
            continue
        in_section = any(body.start <= span[0] < body.end for body in related_spans)
        out.append(RelatedClass(hits[0].title, name, span, 1.0 if in_section else DIFFERS_FROM_CONFIDENCE))
    return tuple(out)


def _duties(text: str, sections: list[Section], hits: list[TitleHit], i: int) -> list[Fact[str]]:
    names = [h.title for h in hits]
    blocks = _blocks_by_title(text, [s for s in sections if s.kind == "duties"], names)
    duties = []
    for block, offset in blocks.get(i, []) + (blocks.get(None, []) if len(hits) > 1 else []):
        for ln in lines(block):
            lead = re.match(r"^[\s•*\-\d.)]+", ln.text)
            t = ln.text[lead.end() if lead else 0:].rstrip()
            if len(t) > 25 and not QUESTION_LINE.search(t):
                start = offset + ln.start + (lead.end() if lead else 0)
                duties.append(Fact(t, (start, start + len(t))))
    return duties[:40]
