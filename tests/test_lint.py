"""The code base passes the project's lint, format and type checks (pyproject.toml), so style cannot drift.

The same checks run before each commit with pre-commit (``.pre-commit-config.yaml``); the tools are pinned in the
test extra, so a new release cannot turn CI red by itself.
"""

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CHECKED = ["sinaarchive", "sinasim", "tests", "bench"]


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    module = command[0]
    if subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, check=False).returncode:
        pytest.fail(f"{module} is missing: install the test extra (python -m pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", *command], cwd=PROJECT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run_tool("ruff", "check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = run_tool("ruff", "format", "--check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes():
    """``[tool.mypy]`` in pyproject.toml: strict, over sinaarchive/ and sinasim/."""
    result = run_tool("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
