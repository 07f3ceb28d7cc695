"""Exporting an article with the reader's highlights and what Marginalia found in it.

- Markdown (``reader.export.markdown``): YAML front matter, highlights with links
  back to the app and to the web page, quotes by speaker, claims as a checklist, a
  glossary, and a notes region that survives the next export; laid out by a
  template in resources/ that a reader can copy and change.
- W3C Web Annotations as JSON-LD (``reader.export.web_annotation``), so that other
  tools can import the highlights without loss.

The window calls ``export_article``; ``marginalia export`` gathers the same data
(``gather``) and writes one file (``write_export``) or one per article into a
folder (``export_to_folder``). Files that are not an earlier export of the same
article are never overwritten (``reader.export.writer``).
"""

from reader.export.gather import export_article, gather, glossary_from_annotations
from reader.export.links import MarginaliaLink, marginalia_link, parse_marginalia_link
from reader.export.markdown import render_markdown
from reader.export.model import (
    FORMATS,
    ExportData,
    ExportError,
    Format,
    GlossaryItem,
    export_id,
)
from reader.export.web_annotation import web_annotations
from reader.export.writer import Written, export_to_folder, is_ours, write_export
from reader.store import CLAIM_STATES, ClaimState

__all__ = [
    "CLAIM_STATES",
    "FORMATS",
    "ClaimState",
    "ExportData",
    "ExportError",
    "Format",
    "GlossaryItem",
    "MarginaliaLink",
    "Written",
    "export_article",
    "export_id",
    "export_to_folder",
    "gather",
    "glossary_from_annotations",
    "is_ours",
    "marginalia_link",
    "parse_marginalia_link",
    "render_markdown",
    "web_annotations",
    "write_export",
]
