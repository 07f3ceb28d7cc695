"""Image captions and credits in plain text copied from a web page.

A web page's pictures leave their captions behind when the page is copied as text,
each on a line of its own, and they read as body text unless they are set apart. A
paragraph is a caption when it ends with a picture credit and is short:

- a credit on its own: "Picture: Getty", "Photo: Reuters", "(Image: PA)";
- a caption ending with a credit in brackets: "... in Reykjavik (Image: PA)";
- a caption ending with a credit after the text: "... in Reykjavik. Photograph:
  Leon Neal/Getty Images".

A credit is a label (image, picture, pic, photo, photograph, illustration, credit,
each capitalised) with a colon, then at most eight words of names, agencies and
slashes, without a full stop at the end (a sentence of the body has one).

Copying also loses the line break between two copies of the same caption (a
picture's caption and its credit line, or its alternative text), which run
together: "Gazette: Mr Sunak will hold talks with the ECHR on reforms to Rule 39Mr
Sunak will hold talks with the ECHR on reforms to Rule 39 (Image: PA)". When the
text before the credit ends with the same words twice (each copy at least three
words and 15 characters long, so that "Bora Bora" stays), the caption keeps one
copy; what stands before the first copy is dropped if it is a site's caption label
(one to three capitalised words and a colon, "Gazette:"), which is not part of the
caption, as the second copy shows. The result here is "Mr Sunak will hold talks
with the ECHR on reforms to Rule 39 (Image: PA)": one caption, the body's entities
unpolluted by a label read as a name. Anything else before the copies means the text
is not understood, and it is left as it is.
"""

from __future__ import annotations

import re

# Captions are a sentence or two; a paragraph longer than this is body text.
MAX_CAPTION = 500
_MIN_COPY_CHARACTERS = 15
_MIN_COPY_WORDS = 3
_LABEL = (
    r"(?:Main |Top |Inset |Above |Below |Header )?"
    r"(?:Image|Images|Image source|Picture|Pictures|Pic|Pics|Photo|Photos|Photograph"
    r"|Photographs|Photography|Photo credit|Illustration|Credit)"
)
# Names, agencies and what joins them ("Leon Neal/Getty Images", "AFP via Getty").
_NAME = r"(?P<name>(?:[^\W_]|©)[\w&'’./,\-– ]{0,79}?)"
_ONLY_CREDIT = re.compile(rf"[(\[]?\s*{_LABEL}\s*:\s*{_NAME}\s*[)\]]?")
_BRACKETED = re.compile(rf"(?P<text>.+?)\s*(?P<credit>[(\[]\s*{_LABEL}\s*:\s*{_NAME}\s*[)\]])")
_TRAILING = re.compile(rf"(?P<text>.+?[^\s(\[])\s+(?P<credit>{_LABEL}\s*:\s*{_NAME})")
_SITE_LABEL = re.compile(r"[A-Z][\w’'&.-]*(?: [A-Z][\w’'&.-]*){0,2}:\s*")
_MAX_CREDIT_WORDS = 8


def caption_text(paragraph: str) -> str | None:
    """The caption a paragraph is (repaired as the module says), or None if it is not one."""
    if len(paragraph) > MAX_CAPTION:
        return None
    match = _ONLY_CREDIT.fullmatch(paragraph)
    if match is not None:
        return paragraph if _is_credit(match.group("name")) else None
    match = _BRACKETED.fullmatch(paragraph) or _TRAILING.fullmatch(paragraph)
    if match is None or not _is_credit(match.group("name")):
        return None
    text, credit = match.group("text"), match.group("credit")
    single = _one_copy(text)
    if single is None:
        return paragraph
    return f"{single} {credit}"


def _is_credit(name: str) -> bool:
    """Whether what follows a label names someone: capitalised ("Getty", "iStock",
    "©"), short, and not a sentence."""
    first = name[:1]
    named = first.isupper() or first.isdigit() or first == "©" or name[1:2].isupper()
    return (
        named
        and not name.endswith((".", "!", "?", ":", ";", ","))
        and len(name.split()) <= _MAX_CREDIT_WORDS
    )


def _one_copy(text: str) -> str | None:
    """The caption once, when ``text`` ends with it twice (a label before them dropped)."""
    text = text.rstrip()
    for length in range(len(text) // 2, _MIN_COPY_CHARACTERS - 1, -1):
        copy = text[-length:]
        if copy[0].isspace():
            continue
        for gap in ("", " "):
            start = len(text) - 2 * length - len(gap)
            if start < 0 or text[start : start + length] != copy:
                continue
            if text[start + length : start + length + len(gap)] != gap:
                continue
            before = text[:start]
            if len(copy.split()) < _MIN_COPY_WORDS:
                continue
            if before.strip() and not _SITE_LABEL.fullmatch(before):
                return None
            return copy
    return None
