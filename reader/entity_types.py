"""What spaCy's entity labels mean, in words a reader understands."""

from __future__ import annotations

# spaCy's OntoNotes labels, described as a reader would say them.
LABEL_NAMES: dict[str, str] = {
    "PERSON": "Person",
    "NORP": "Nationality, religious or political group",
    "FAC": "Building, airport, road or bridge",
    "ORG": "Organisation",
    "GPE": "Country, city or state",
    "LOC": "Place",
    "PRODUCT": "Product",
    "EVENT": "Event",
    "WORK_OF_ART": "Title of a work",
    "LAW": "Law or rule",
    "LANGUAGE": "Language",
    "DATE": "Date or period",
    "TIME": "Time of day",
    "PERCENT": "Percentage",
    "MONEY": "Amount of money",
    "QUANTITY": "Measurement",
    "ORDINAL": "Ordinal number",
    "CARDINAL": "Number",
}

# Labels for things with a name (grouped by name, across labels, and searched for
# again in the text); the rest are values such as dates and numbers.
NAME_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split()
)


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label.replace("_", " ").capitalize())
