"""The code base passes the project's lint rules (``[tool.ruff]`` in pyproject.toml), so style cannot drift."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    if (
        shutil.which("ruff") is None
        and subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True, check=False).returncode
        != 0
    ):
        pytest.fail("ruff is missing: install the test extra (python -m pip install -e '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "sinaarchive", "sinasim", "tests", "bench"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
