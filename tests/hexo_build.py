"""Building posts with the pinned Hexo site in ``tests/hexo/site``, for any test that needs it.

``require_node()`` skips a test when Node.js or the site's ``node_modules`` is missing (and fails it under
``CI=true``); ``build()`` runs ``hexo generate`` over a set of post files in a temporary copy of the site;
``Build.problems()`` judges the result with ``tests/hexo/check.py``.

The site pins hexo 8.1.2 and its renderers with a committed lock file, sets ``timezone: ''`` and is built under
``TZ=UTC``, so an RFC 1123 date keeps its instant and a wrong date shows in ``db.json``. docs/format.md says what
Hexo does silently and why the build is judged by more than its exit code.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SITE = HERE / "hexo" / "site"
ENABLE_HINT = (
    "Hexo build check disabled: {reason}. Enable it with Node.js >= 20.19 and "
    "`npm ci --prefix tests/hexo/site --ignore-scripts` (CI=true turns this skip into a failure)."
)
MIN_NODE = (20, 19)


def _load_checker():
    """``tests/hexo/check.py`` by file path: ``tests`` is not a package, and ``hexo`` must not become a top-level name."""
    spec = importlib.util.spec_from_file_location("sinaarchive_hexo_check", HERE / "hexo" / "check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


check = _load_checker()
ExpectedPost = check.ExpectedPost


# --- Environment ---------------------------------------------------------------------------------------------


def _missing_requirement() -> str | None:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "`node` or `npm` is not on PATH"
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", version)
    if not match or tuple(map(int, match.groups())) < MIN_NODE:
        return f"Node.js {version or '?'} is older than {'.'.join(map(str, MIN_NODE))} (hexo 8.1.2 needs it)"
    if not (SITE / "node_modules" / "hexo" / "bin" / "hexo").is_file():
        return "tests/hexo/site/node_modules is not installed"
    return None


def require_node() -> str:
    """The ``node`` executable, or skip (fail under ``CI=true``) with a message saying how to enable Hexo."""
    reason = _missing_requirement()
    if reason:
        message = ENABLE_HINT.format(reason=reason)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return shutil.which("node")


# --- Building ------------------------------------------------------------------------------------------------


@dataclass
class Build:
    site: Path
    log: str
    returncode: int
    posts: list  # list[ExpectedPost]

    def problems(self) -> list[str]:
        return check.check_build(self.site, self.log, self.posts)

    def db_post(self, file: str) -> dict:
        rows = json.loads((self.site / "db.json").read_text(encoding="utf-8"))["models"]["Post"]
        return next(row for row in rows if row["source"] == f"_posts/{file}")


def build(node: str, dest: Path, files: dict[str, str], posts: list, assets: dict[str, bytes] | None = None) -> Build:
    """Copy the site to ``dest`` with ``files`` as ``source/_posts`` and ``assets`` (path → bytes) under
    ``source/``, run ``hexo generate`` under TZ=UTC."""
    site = dest / "site"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns("node_modules", "public", "db.json", "hexo.log"))
    (site / "node_modules").symlink_to(SITE / "node_modules", target_is_directory=True)
    shutil.rmtree(site / "source" / "_posts", ignore_errors=True)
    for name, text in files.items():
        target = site / "source" / "_posts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    for name, data in (assets or {}).items():
        target = site / "source" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NODE_OPTIONS")}
    env.update(TZ="UTC", NO_COLOR="1")
    run = subprocess.run(
        [node, "node_modules/hexo/bin/hexo", "generate"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    (site / "hexo.log").write_text(run.stdout, encoding="utf-8")
    return Build(site=site, log=run.stdout, returncode=run.returncode, posts=posts)


def report(build: Build, problems: list[str]) -> str:
    return f"{len(problems)} problem(s); log at {build.site / 'hexo.log'}\n" + "\n".join(problems)
