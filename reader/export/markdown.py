"""The Markdown export: front matter, highlights, quotes, claims, glossary, notes.

``render_markdown`` fills a template (by default ``resources/export-template.md.j2``,
which a reader can copy, change and pass to ``marginalia export --template``) with
what ``ExportData`` holds. Exported again over an earlier export of the same article
(``previous``), the text between ``%% begin notes %%`` and ``%% end notes %%`` and
any front matter key the reader added are kept; everything else is written anew
from the library, so a new highlight appears once and an old one never twice.

Libraries, and why:

- Jinja2 for the template: the best-known Python template language (a reader who
  has written an Ansible, Home Assistant or Pelican template can write this one),
  already installed with spaCy, and it has a sandbox: a template copied from
  somewhere runs in ``ImmutableSandboxedEnvironment``, which cannot reach into the
  program or change what it is given. Its ``finalize`` hook escapes every printed
  value for Markdown unless it is already ``Markdown`` (the way HTML templates
  escape by default), so a template cannot forget to escape a title or a note.
- PyYAML (``SafeDumper``/``safe_load``) for the front matter: every title, name
  and date is quoted as YAML needs, so that Obsidian, Pandoc and Hugo read back
  the same strings (``tests/reader/test_export.py`` round-trips hostile ones), and
  safe loading of an earlier export cannot run anything.

Names a template can use (every text is plain: print it with ``{{ }}`` and it is
escaped; the filters ``blockquote``, ``yaml``, ``url``, ``tags`` and ``raw`` give
Markdown that is printed as it is):

- ``front_matter``: the front matter as a dict (print with ``| yaml``);
- ``article``: ``title``, ``author``, ``site``, ``url``, ``source``, ``source_link``,
  ``published``, ``retrieved``, ``language``, ``sha256``, ``id``;
- ``highlights`` (attached, in text order) and ``orphaned``: ``text``, ``note``,
  ``tags``, ``color``, ``color_name``, ``paragraph``, ``start``, ``end``,
  ``block_id``, ``app_link``, ``web_link``, ``created``, ``modified``;
- ``speakers`` (most quoted first): ``name``, ``type``, ``quotes``; ``unattributed``
  and ``other_quotes`` (scare quotes and titles): quotes with ``text``,
  ``paragraph``, ``kind``, ``said_as`` (the article's words for the speaker);
- ``claims``: ``text``, ``reasons``, ``score``, ``paragraph``, ``state``,
  ``checkbox`` (``[ ]`` or ``[x]``);
- ``glossary``: ``term``, ``definition``, ``source``, ``paragraph``, ``url``,
  ``looked_up``;
- ``notes_region``: the reader's notes with their two marker lines (required
  whenever an earlier export has notes); ``counts``; ``exported``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotations import Annotations, Quote
from reader.article import Article
from reader.entity_types import label_name
from reader.export.escaping import Markdown, blockquote, inline, lines, tag
from reader.export.links import link_target, marginalia_link, web_link, web_page
from reader.export.model import ExportData, ExportError, as_dict, placed, timestamp
from reader.paths import resources_dir
from reader.store import Highlight

# jinja2 and yaml are imported by the functions that use them: the window imports this
# module (through reader.export) before it first paints, and exports only later.
if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = [
    "ID_KEY",
    "NOTES_BEGIN",
    "NOTES_END",
    "OWN_KEYS",
    "default_template",
    "load_template",
    "notes_of",
    "render_markdown",
    "split_front_matter",
]

TEMPLATE_NAME = "export-template.md.j2"
NOTES_BEGIN = "%% begin notes %%"
NOTES_END = "%% end notes %%"
ID_KEY = "marginalia_id"

# The front matter keys an export writes. Any other key in an earlier export was
# added by the reader (an Obsidian property, say) and is kept.
OWN_KEYS = frozenset(
    "title author site source date published retrieved lang tags entities counts sha256 "
    "marginalia_id exported".split()
)

# Entity types listed in the front matter, under a reader's word for each. Dates,
# amounts and numbers are values rather than names, and stay out of it.
_ENTITY_KEYS = {
    "PERSON": "people",
    "ORG": "organisations",
    "GPE": "places",
    "LOC": "places",
    "FAC": "facilities",
    "NORP": "groups",
    "EVENT": "events",
    "WORK_OF_ART": "works",
    "LAW": "laws",
    "PRODUCT": "products",
    "LANGUAGE": "languages",
}


def default_template() -> Path:
    return resources_dir() / TEMPLATE_NAME


def load_template(path: Path) -> str:
    """The text of a template file; ``ExportError`` when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"The export template {path} could not be read: {error}.") from error


def render_markdown(
    data: ExportData,
    *,
    exported: datetime | None = None,
    template: str | None = None,
    previous: str | None = None,
) -> str:
    """The article's export as Markdown.

    ``exported`` is the time written in it (now by default); ``template`` the text
    of a template (the bundled one by default); ``previous`` the text of an
    earlier export of this article that this one replaces (its notes and the
    reader's front matter keys are carried over). ``ExportError`` when the
    template is broken or would lose the reader's notes.
    """
    import jinja2

    old_front, _ = split_front_matter(previous) if previous is not None else (None, "")
    old_notes = notes_of(previous) if previous is not None else None
    compiled = _compile(template if template is not None else _default_source())
    context = _context(data, timestamp(exported), old_front or {}, old_notes or "")
    try:
        output = compiled.render(context)
    except jinja2.TemplateError as error:
        raise ExportError(f"The export template failed: {error}.") from error
    if old_notes and old_notes.strip() and notes_of(output) != old_notes:
        raise ExportError(
            "The export template has no notes region (%% begin notes %% … %% end notes %%), "
            "so the notes written in the earlier export would be lost."
        )
    return output.rstrip("\n") + "\n"


# -- reading an earlier export ---------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """The YAML front matter as a dict (None when there is none) and the text after it."""
    import yaml  # type: ignore[import-untyped, unused-ignore]

    text = text.removeprefix("\ufeff")
    opening = text.find("\n")
    if not text.startswith("---") or opening < 0 or text[:opening].rstrip() != "---":
        return None, text
    closing = _FRONT_MATTER_END.search(text, opening)
    if closing is None:
        return None, text
    try:
        data = yaml.safe_load(text[opening + 1 : closing.start()])
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict):
        return None, text
    return data, text[closing.end() + 1 :]


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)


def notes_of(text: str) -> str | None:
    """What stands between the notes markers (None when there is no notes region).

    Everything else in an export is escaped, so no other line can be a marker: the
    region runs from the first begin line to the last end line, and a reader's note
    that mentions the markers themselves stays inside it.
    """
    rows = text.split("\n")
    begins = [n for n, row in enumerate(rows) if row.strip() == NOTES_BEGIN]
    ends = [n for n, row in enumerate(rows) if row.strip() == NOTES_END]
    if not begins or not ends or ends[-1] <= begins[0]:
        return None
    return "\n".join(rows[begins[0] + 1 : ends[-1]])


# -- the template ----------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: Markdown as it is, anything else escaped."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if type(value) is int:
        return str(value)  # digits and perhaps a minus: nothing to escape
    return inline(str(value))


def _yaml(value: Any) -> Markdown:
    import yaml  # type: ignore[import-untyped, unused-ignore]

    dumped = yaml.dump(
        value,
        Dumper=yaml.SafeDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # one line per value: no folding of long titles
    )
    return Markdown(dumped)


def _blockquote(text: Any, lead: str = "") -> Markdown:
    """The text as blockquote lines; ``lead`` (template Markdown) before its first line."""
    quoted = blockquote(str(text))
    if lead and quoted:
        quoted = Markdown(f"> {lead}{quoted[2:]}")
    return quoted


def _lines(text: Any, prefix: str = "") -> Markdown:
    return lines(str(text), prefix)


def _url(value: Any) -> Markdown:
    return Markdown(link_target(str(value)))


def _tags(names: Iterable[str]) -> Markdown:
    words = (tag(name) for name in names)
    return Markdown(" ".join(f"#{word}" for word in words if word))


def _environment() -> ImmutableSandboxedEnvironment:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        yaml=_yaml,
        blockquote=_blockquote,
        lines=_lines,
        inline=inline,
        url=_url,
        tags=_tags,
        raw=Markdown,
    )
    return environment


@functools.lru_cache(maxsize=8)
def _compile(source: str) -> jinja2.Template:
    import jinja2

    try:
        return _environment().from_string(source)
    except jinja2.TemplateSyntaxError as error:
        raise ExportError(
            f"The export template has an error on line {error.lineno}: {error.message}."
        ) from error


@functools.lru_cache(maxsize=1)
def _default_source() -> str:
    return default_template().read_text(encoding="utf-8")


# -- what the template is given ----------------------------------------------------------


def _context(
    data: ExportData, exported: str, old_front: dict[str, Any], old_notes: str
) -> dict[str, Any]:
    article = data.article
    annotations = data.annotations or Annotations()
    highlights, orphaned = _highlights(article, data.highlights)
    speakers, unattributed, other_quotes = _quotes(article, annotations)
    claims = _claims(data, annotations)
    glossary = [
        {
            "term": entry.term,
            "definition": entry.definition,
            "source": entry.source,
            "paragraph": entry.paragraph,
            "url": _url(entry.url) if entry.url.startswith(("https://", "http://")) else "",
            "looked_up": entry.looked_up,
        }
        for entry in data.glossary
    ]
    counts = {
        "words": len(article.text.split()),
        "paragraphs": len(article.paragraphs),
        "highlights": len(highlights) + len(orphaned),
        "notes": sum(1 for h in (*highlights, *orphaned) if h["note"].strip()),
        "orphaned": len(orphaned),
        "entities": len(annotations.entities),
        "quotes": len(annotations.quotes),
        "claims": len(claims),
        "glossary": len(glossary),
    }
    source = article.url or article.source
    article_view = {
        "id": data.export_id,
        "title": article.display_title,
        "author": article.byline,
        "site": article.site,
        "url": article.url,
        "source": source,
        "source_link": _source_link(source),
        "published": article.published,
        "retrieved": data.retrieved,
        "language": article.language,
        "sha256": article.sha256,
    }
    front = _front_matter(data, article_view, highlights + orphaned, annotations, counts)
    front["exported"] = exported
    for key, value in old_front.items():
        if key not in OWN_KEYS and key not in front:
            front[key] = value
    return {
        "front_matter": front,
        "article": article_view,
        "highlights": highlights,
        "orphaned": orphaned,
        "speakers": speakers,
        "unattributed": unattributed,
        "other_quotes": other_quotes,
        "claims": claims,
        "glossary": glossary,
        "counts": counts,
        "exported": exported,
        "notes_region": Markdown(f"{NOTES_BEGIN}\n{old_notes}\n{NOTES_END}"),
    }


def _source_link(source: str) -> Markdown:
    if source.startswith(("https://", "http://")):
        return Markdown(link_target(source))
    path = Path(source)
    if source and path.is_absolute():
        return Markdown(link_target(path.as_uri()))
    return Markdown("")


def _front_matter(
    data: ExportData,
    article: dict[str, Any],
    highlights: list[dict[str, Any]],
    annotations: Annotations,
    counts: dict[str, int],
) -> dict[str, Any]:
    front: dict[str, Any] = {"title": article["title"]}
    for key, value in (
        ("author", article["author"]),
        ("site", article["site"]),
        ("source", article["source"]),
        ("published", article["published"]),
    ):
        if value:
            front[key] = value
    if _is_iso_date(article["published"]):
        front["date"] = article["published"]  # what Hugo and Pandoc read as the date
    if data.retrieved:
        front["retrieved"] = data.retrieved
    front["lang"] = article["language"]
    tags: dict[str, None] = {}
    for highlight in highlights:
        for name in highlight["tags"]:
            word = tag(name)
            if word:
                tags.setdefault(word, None)
    front["tags"] = list(tags)
    entities: dict[str, list[str]] = {}
    for entity in annotations.entities:
        kind = _ENTITY_KEYS.get(entity.label)
        if kind is not None and entity.name not in entities.setdefault(kind, []):
            entities[kind].append(entity.name)
    if entities:
        front["entities"] = entities
    front["counts"] = counts
    front["sha256"] = article["sha256"]
    front[ID_KEY] = article["id"]
    return front


def _is_iso_date(value: str) -> bool:
    if not value:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _highlights(
    article: Article, highlights: Iterable[Highlight]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The attached highlights in text order, and the orphaned ones."""
    attached: list[dict[str, Any]] = []
    orphaned: list[dict[str, Any]] = []
    seen: set[int] = set()
    text = article.text
    page = web_page(article.url)
    for highlight in highlights:
        if highlight.id in seen:
            continue
        seen.add(highlight.id)
        place = placed(highlight, text)
        view: dict[str, Any] = {
            "id": highlight.id,
            "block_id": f"h-{highlight.id}",
            "text": text[place[0] : place[1]] if place else highlight.quote,
            "note": highlight.note,
            "tags": list(highlight.tags),
            "color": highlight.color,
            "color_name": highlight.color_name,
            "created": highlight.created,
            "modified": highlight.modified,
            "start": place[0] if place else None,
            "end": place[1] if place else None,
            "paragraph": None,
            "app_link": Markdown(""),
            "web_link": Markdown(""),
        }
        if place is not None:
            start, end = place
            paragraph = article.paragraph_index(start)
            view["paragraph"] = paragraph + 1
            view["app_link"] = Markdown(marginalia_link(article.sha256, start, end, highlight.id))
            view["web_link"] = Markdown(web_link(page, article, start, end, paragraph))
            attached.append(view)
        else:
            orphaned.append(view)
    attached.sort(key=lambda view: (view["start"], view["end"], view["id"]))
    return attached, orphaned


def _quotes(
    article: Article, annotations: Annotations
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Quotes by speaker (most quoted first), those with no speaker, scare quotes and titles.

    Grouped as the "Who said what" panel groups them: by entity when the article
    names the speaker, else by the article's words for them ("a Downing Street
    official"; for a pronoun, the words it stands for).
    """
    entities = {entity.id: entity for entity in annotations.entities}
    speakers: dict[str, dict[str, Any]] = {}
    unattributed: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    quotes: Iterable[Quote] = annotations.quotes
    for quote in sorted(quotes, key=lambda q: (q.start, q.end)):
        item: dict[str, Any] = {
            "text": quote.text,
            "paragraph": article.paragraph_index(quote.start) + 1,
            "kind": quote.kind,
            "start": quote.start,
            "end": quote.end,
            "said_as": "",
        }
        speaker = quote.speaker
        if quote.kind != "direct":
            others.append(item)
            continue
        if speaker is None:
            unattributed.append(item)
            continue
        words = speaker.refers_to.text if speaker.refers_to is not None else speaker.text
        words = " ".join(words.split())
        item["said_as"] = words
        entity = entities.get(speaker.entity) if speaker.entity else None
        if entity is not None:
            key, name, kind = f"entity:{entity.id}", entity.name, label_name(entity.label)
        else:
            key, name, kind = f"words:{words.casefold()}", words, "unnamed"
        group = speakers.setdefault(key, {"name": name, "type": kind, "quotes": []})
        group["quotes"].append(item)
    ranked = sorted(speakers.values(), key=lambda group: -len(group["quotes"]))
    return ranked, unattributed, others


def _claims(data: ExportData, annotations: Annotations) -> list[dict[str, Any]]:
    article = data.article
    claims: list[dict[str, Any]] = []
    for raw in annotations.claims:
        claim = as_dict(raw)
        try:
            start, end = int(claim.get("start", 0)), int(claim.get("end", 0))
        except (TypeError, ValueError):
            start = end = 0
        text = str(claim.get("text") or article.text[start:end])
        score = claim.get("score")
        state = data.claim_states.get((start, end), "open")
        reasons = claim.get("reasons") or ()
        claims.append(
            {
                "text": text,
                "reasons": [str(reason) for reason in reasons],
                "score": float(score) if isinstance(score, int | float) else None,
                "paragraph": article.paragraph_index(start) + 1 if article.paragraphs else None,
                "start": start,
                "end": end,
                "state": state,
                "checkbox": Markdown("[ ]" if state == "open" else "[x]"),
            }
        )
    claims.sort(key=lambda claim: (claim["start"], claim["end"]))
    return claims
