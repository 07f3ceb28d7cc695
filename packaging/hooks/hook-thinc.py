# Replaces the contributed hook for thinc: the same modules and data files, without
# thinc's own test suite (which the app never runs).
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("thinc", excludes=["tests/**"])
hiddenimports = collect_submodules("thinc", filter=lambda name: not name.startswith("thinc.tests"))
