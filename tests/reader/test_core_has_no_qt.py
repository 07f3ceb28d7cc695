"""The core must import and run without Qt (STYLE #1)."""

import subprocess
import sys
from pathlib import Path

import reader

CHECK = """
import importlib, pkgutil, sys
import reader
for module in pkgutil.walk_packages(reader.__path__, "reader."):
    importlib.import_module(module.name)
qt = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6")))
print(",".join(qt))
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(reader.__file__).parents[1],
    )
    assert result.stdout.strip() == ""
