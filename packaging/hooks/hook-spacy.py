# Replaces the contributed hook for spaCy: the same modules and data files, without
# spaCy's own test suite (which the app never runs).
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("spacy", excludes=["tests/**"])
hiddenimports = collect_submodules("spacy", filter=lambda name: not name.startswith("spacy.tests"))
