"""Reading the CheckThat! 2024 English check-worthiness data.

TSV files with a header (``Sentence_id``, ``Text``, ``class_label`` Yes/No), read with
quoting turned off because the texts contain raw ``"``. Some texts still carry the
quoting of a CSV export: the whole text wrapped in ``"`` with inner marks doubled
(``"We, in fact, have 4% …"``); that wrapping is taken off, as no news sentence has
it. One line of the training file holds two rows run together (the line break
between them was lost, ``…\\tNo29286\\t…``); it is split back into its two rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SPLITS = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "checkworthy"


@dataclass(frozen=True)
class Sentence:
    id: int
    text: str
    check_worthy: bool


def unwrap(text: str) -> str:
    """The text without the quoting of a CSV export, if it has one."""
    text = text.strip()
    if len(text) > 1 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text


def read_split(data: Path, split: str) -> list[Sentence]:
    sentences = []
    with open(data / SPLITS[split], newline="", encoding="utf-8") as stream:
        rows = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            row = [cell.strip() for cell in row]
            # Two rows run together: id, text, "No29286", text, label.
            if len(row) == 5 and row[2].startswith(("Yes", "No")):
                label = "Yes" if row[2].startswith("Yes") else "No"
                first, second_id = row[2][: len(label)], row[2][len(label) :]
                rows_here = [[row[0], row[1], first], [second_id, row[3], row[4]]]
            else:
                rows_here = [row]
            for sentence_id, text, label in (r for r in rows_here if len(r) == 3):
                if label in {"Yes", "No"} and sentence_id.isdigit():
                    sentences.append(Sentence(int(sentence_id), unwrap(text), label == "Yes"))
    return sentences


def available(data: Path) -> bool:
    return all((data / name).is_file() for name in SPLITS.values())
