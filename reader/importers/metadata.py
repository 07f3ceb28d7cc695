"""A web page's metadata: title, byline, site, date, language and canonical URL.

Sources, most trusted first: schema.org JSON-LD describing an article, then
Dublin Core, Open Graph, Twitter and Parse.ly ``<meta>`` tags, then the page itself
(``<title>``, ``<html lang>``, ``rel="author"`` links). The precedence and the way a
site name is cut from ``<title>`` follow Firefox's Reader View (Mozilla Readability),
which readers already know. Nothing is fetched: only what is in the file counts.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from reader.normalise import normalise_inline

# A value longer than this is not a title, a name or a date but junk or an attack.
_MAX_VALUE = 2000
# JSON-LD blocks larger than this are not read (real ones are a few kilobytes).
_MAX_JSON_LD = 1024 * 1024
_ARTICLE_TYPES = re.compile(
    "^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle"
    "|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report"
    "|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting"
    "|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$"
)
_PROPERTY = re.compile(
    r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
    r"(author|creator|description|published_time|title|site_name|url|locale)\s*",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(?:article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name|date|language)\s*$",
    re.IGNORECASE,
)
# Separators between a headline and the site's name in <title>: "Headline | Site".
_SEPARATOR = re.compile(r" [|\-\\/>»] ")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
_AUTHOR_ITEM = "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
_AUTHOR_LINK = "//*[translate(@rel, 'AUTHOR', 'author') = 'author']"
_BYLINE_CANDIDATES = "//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline')]"
_BYLINE_CLASS = re.compile(r"(^|[\s_-])byline($|[\s_-])", re.IGNORECASE)
_BYLINE_TRIM = re.compile(r"^\s*by\s+|[\s\-–—|,:;]+$", re.IGNORECASE)
_MAX_BYLINE = 100
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    byline: str = ""
    site: str = ""
    published: str = ""
    url: str = ""
    language: str = ""


def read_metadata(root: Any) -> PageMetadata:
    """Everything the page says about itself; empty strings for what it does not say."""
    article = _json_ld_article(root)
    tags = _meta_tags(root)
    page_title = _title_from_title_element(root)
    title = _json_ld_title(article, page_title) or _first(
        tags,
        "dc:title",
        "dcterm:title",
        "og:title",
        "weibo:article:title",
        "weibo:webpage:title",
        "title",
        "twitter:title",
        "parsely-title",
    )
    author = tags.get("article:author", "")
    byline = (
        _json_ld_authors(article)
        or _first(tags, "dc:creator", "dcterm:creator", "author", "parsely-author")
        or ("" if author.startswith(("http://", "https://")) else author)
        or _byline_in_page(root)
    )
    site = _clean(_json_ld_name(article.get("publisher"))) or _first(tags, "og:site_name")
    published = (
        _clean(article.get("datePublished"))
        or _first(tags, "article:published_time", "parsely-pub-date", "dc:date", "date")
        or _itemprop(root, "datePublished")
    )
    return PageMetadata(
        title=title or page_title,
        byline=byline,
        site=site,
        published=published,
        url=_canonical_url(root, tags, article),
        language=_language(root, tags, article),
    )


# -- JSON-LD -----------------------------------------------------------------------------


def _json_ld_article(root: Any) -> dict[str, Any]:
    """The first schema.org object in the page's JSON-LD that describes an article."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _MAX_JSON_LD:
            continue
        text = text.strip().removeprefix("<![CDATA[").removesuffix("]]>")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for candidate in _json_ld_objects(data):
            if any(_ARTICLE_TYPES.match(kind) for kind in _types(candidate)):
                return candidate
    return {}


def _json_ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Top-level objects and those in an ``@graph``; no deeper, as Reader View does."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        yield item
        graph = item.get("@graph")
        if isinstance(graph, list):
            yield from (node for node in graph if isinstance(node, dict))


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _json_ld_title(article: dict[str, Any], page_title: str) -> str:
    """``name`` or ``headline``; when both exist and differ, the one like ``<title>``."""
    name, headline = _clean(article.get("name")), _clean(article.get("headline"))
    if name and headline and name != headline:
        if similarity(headline, page_title) > 0.75 >= similarity(name, page_title):
            return headline
        return name
    return name or headline


def _json_ld_authors(article: dict[str, Any]) -> str:
    authors = article.get("author")
    if not isinstance(authors, list):
        authors = [authors]
    names = [_json_ld_name(author) for author in authors]
    return ", ".join(name for name in names if name)


def _json_ld_name(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    return _clean(value)


# -- <meta> tags and the page ------------------------------------------------------------


def _meta_tags(root: Any) -> dict[str, str]:
    """``<meta>`` values by lower-case key ("og:title", "author", ...); first one wins."""
    tags: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = _clean(meta.get("content"))
        if not content:
            continue
        keys = [
            f"{match.group(1)}:{match.group(2)}".lower()
            for match in _PROPERTY.finditer(meta.get("property") or "")
        ]
        name = meta.get("name") or meta.get("http-equiv") or ""
        if _NAME.match(name) or name.lower() == "content-language":
            keys.append(re.sub(r"\s+", "", name).lower().replace(".", ":"))
        for key in keys:
            tags.setdefault(key, content)
    return tags


def _first(tags: dict[str, str], *keys: str) -> str:
    return next((tags[key] for key in keys if tags.get(key)), "")


def _title_from_title_element(root: Any) -> str:
    """``<title>`` without the site's name, the way Reader View cuts it.

    "Headline | Site" loses its last part; "Site: Headline" its first, unless a
    heading on the page is the whole title. A result of four words or fewer is only
    kept when it is clearly the headline, else the whole ``<title>`` is.
    """
    element = root.find(".//title")
    original = _clean(element.text_content() if element is not None else "")
    title = original
    hierarchical = False
    if _SEPARATOR.search(original):
        hierarchical = bool(_HIERARCHICAL.search(original))
        title = original[: list(_SEPARATOR.finditer(original))[-1].start()]
        if _word_count(title) < 3:
            title = re.sub(r"^[^|\-\\/>»]*[|\-\\/>»]", "", original)
    elif ": " in original:
        headings = {_clean(h.text_content()) for h in islice(root.iter("h1", "h2"), 100)}
        if original not in headings:
            title = original[original.rfind(":") + 1 :]
            if _word_count(title) < 3:
                title = original[original.find(":") + 1 :]
            elif _word_count(original[: original.find(":")]) > 5:
                title = original
    elif not 15 <= len(original) <= 150:
        first_level = list(root.iter("h1"))
        if len(first_level) == 1:
            title = _clean(first_level[0].text_content())
    title = _clean(title)
    words = _word_count(title)
    if words <= 4 and (
        not hierarchical or words != _word_count(re.sub(r"[|\-\\/>»]+", "", original)) - 1
    ):
        title = original
    return title


def _byline_in_page(root: Any) -> str:
    """The author named in the page: a schema.org ``author`` (its ``name`` if marked),
    a ``rel="author"`` link, or an element whose class says "byline"."""
    for author in _first_match(root, _AUTHOR_ITEM):
        name = _first_match(author, ".//*[@itemprop = 'name']")
        if name:
            return byline_text(name[0].get("content") or name[0].text_content())
    candidates = _first_match(root, _AUTHOR_LINK) + _first_match(root, _AUTHOR_ITEM)
    candidates += [
        element
        for element in root.xpath(_BYLINE_CANDIDATES)
        if _BYLINE_CLASS.search(element.get("class"))
    ][:1]
    texts = (byline_text(element.text_content()) for element in candidates)
    return next((text for text in texts if text), "")


def byline_text(text: str) -> str:
    """A name as a byline gives it: without "By " and trailing dashes; "" if too long."""
    text = _BYLINE_TRIM.sub("", _clean(text[:_MAX_VALUE]))
    return text if len(text) <= _MAX_BYLINE else ""


def _itemprop(root: Any, name: str) -> str:
    for element in _first_match(root, f"//*[@itemprop = '{name}']"):
        return _clean(element.get("content") or element.get("datetime"))
    return ""


def _first_match(root: Any, path: str) -> list[Any]:
    """The first element ``path`` finds, as a list of none or one (XPath, so that
    lxml looks at every element without Python visiting each)."""
    return list(root.xpath(f"({path})[1]"))


def _canonical_url(root: Any, tags: dict[str, str], article: dict[str, Any]) -> str:
    candidates = [link.get("href") for link in root.iter("link") if _rel(link) == "canonical"]
    candidates += [tags.get("og:url"), article.get("url")]
    for candidate in candidates:
        url = _clean(candidate)
        if url.startswith(("https://", "http://")):
            return url
    return ""


def _rel(link: Any) -> str:
    return (link.get("rel") or "").strip().lower()


def _language(root: Any, tags: dict[str, str], article: dict[str, Any]) -> str:
    """The primary language subtag ("en", "de"), from the most specific declaration."""
    candidates = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        tags.get("content-language"),
        tags.get("language"),
        tags.get("og:locale"),
        article.get("inLanguage"),
    ]
    for candidate in candidates:
        tag = _clean(candidate).split(",")[0].strip()
        if _LANGUAGE.match(tag):
            return re.split("[-_]", tag)[0].lower()
    return ""


# -- helpers ------------------------------------------------------------------------------


def _clean(value: Any) -> str:
    """A metadata string as the reader should see it, or "" for anything else."""
    if not isinstance(value, str) or len(value) > _MAX_VALUE:
        return ""
    return normalise_inline(html.unescape(value))


def _word_count(text: str) -> int:
    return len(text.split())


def similarity(a: str, b: str) -> float:
    """How much of ``b``'s wording ``a`` shares (1.0: all of it), as Reader View measures."""
    tokens_a = [t for t in re.split(r"\W+", a.lower()) if t]
    tokens_b = [t for t in re.split(r"\W+", b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))
