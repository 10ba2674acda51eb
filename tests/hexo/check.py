"""Check a finished ``hexo generate`` of exported posts.

Hexo exits 0 when it drops a post with a YAML error, silently replaces an unparseable date with the file's
birthtime and silently deletes ``{{ x }}`` from bodies. So the build is judged by its log, ``db.json`` and
``public/``, never by the exit code. ``check_build`` returns one readable problem string per failure (empty = pass).

The checks, numbered as in the functions below:

1. the log has no ERROR, FATAL or WARN line;
2. ``db.json`` holds as many posts as ``source/_posts`` holds ``.md`` files, and every expected post;
3. each post's title in ``db.json`` equals the title PyYAML reads (and the one the exporter meant);
4. its date equals the front-matter date read as UTC (this catches the silent fallback to the file's time);
5. its deepest category chain equals the front-matter list (and the exporter's list: PyYAML misreads a
   mixed-indent list the same way Hexo does, so only the intended list exposes that);
6. exactly one ``public/**/index.html`` page carries ``data-source="_posts/<file>"``;
7. no ``{{``, ``{%`` or ``{#`` is left in a body without ``disableNunjucks: true``;
8. the rendered content has no ``<pre><code`` unless the source body has a ``<pre>`` (after a blank line, 4-space
   indentation turns HTML into a code block).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml

# hexo-front-matter's two patterns: `---` at byte 0, else "everything before the first `---` line".
_FRONT_MATTER = re.compile(r"^(-{3,}|;{3,})\n([\s\S]+?)\n\1\n?([\s\S]*)")
_FRONT_MATTER_FALLBACK = re.compile(r"^([\s\S]+?)\n(-{3,}|;{3,})\n?([\s\S]*)")
_LOG_PROBLEM = re.compile(r"^\s*(ERROR|FATAL|WARN)\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_DATA_SOURCE = re.compile(r'data-source="([^"]*)"')
_NUNJUCKS = ("{{", "{%", "{#")


@dataclass(frozen=True)
class ExpectedPost:
    """A post copied to ``source/_posts/<file>``, with what the exporter meant to write (``None``: not checked)."""

    file: str
    categories: tuple[str, ...] | None = None
    title: str | None = None
    allow_code_blocks: bool = False
    """Turns check 8 off (seed-format files whose indented QR block is known to become a code block)."""


def split_front_matter(text: str) -> tuple[str, str]:
    """(YAML text, body) the way hexo-front-matter splits a post; ``("", text)`` when it finds none."""
    match = _FRONT_MATTER.match(text)
    if match:
        return match.group(2), match.group(3)
    match = _FRONT_MATTER_FALLBACK.match(text)
    if match and not re.match(r"^(-{3,}|;{3,})", text):
        return match.group(1), match.group(3)
    return "", text


def log_problems(log_text: str) -> list[str]:
    """Check 1: every ERROR, FATAL or WARN line of the Hexo log."""
    lines = (_ANSI.sub("", line).rstrip() for line in log_text.splitlines())
    return [f"hexo log: {line.strip()}" for line in lines if _LOG_PROBLEM.match(line)]


def expected_instant(value: object) -> datetime | None:
    """Check 4's reference: the front-matter date read as UTC (naive values are UTC: we build with TZ=UTC)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                return None
    else:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def category_chains(models: dict) -> dict[str, list[str]]:
    """Post id -> its deepest category chain (root first), from the Category and PostCategory tables."""
    categories = {row["_id"]: row for row in models.get("Category", [])}

    def chain(category_id: str) -> list[str]:
        names = []
        while category_id in categories and len(names) <= len(categories):
            names.insert(0, categories[category_id]["name"])
            category_id = categories[category_id].get("parent")
        return names

    deepest: dict[str, list[str]] = {}
    for row in models.get("PostCategory", []):
        names = chain(row["category_id"])
        if len(names) > len(deepest.get(row["post_id"], [])):
            deepest[row["post_id"]] = names
    return deepest


def page_sources(public: Path) -> Counter[str]:
    """How many ``public/**/index.html`` pages carry each ``data-source`` value."""
    found: Counter[str] = Counter()
    for page in public.rglob("index.html"):
        found.update(html.unescape(src) for src in _DATA_SOURCE.findall(page.read_text(encoding="utf-8")))
    return found


def check_post(post: ExpectedPost, text: str, row: dict, chain: list[str], pages: int) -> list[str]:
    """Checks 3–8 for one post present in db.json."""
    problems: list[str] = []
    yaml_text, body = split_front_matter(text)
    try:
        front = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError as exc:
        return [f"{post.file}: PyYAML cannot read the front matter: {' '.join(str(exc).split())}"]
    if not isinstance(front, dict):
        return [f"{post.file}: front matter is not a mapping: {front!r}"]
    for source, title in (("PyYAML", front.get("title")), ("exporter", post.title)):
        if title is not None and row.get("title") != title:
            problems.append(f"{post.file}: db title {row.get('title')!r} != {source} title {title!r}")
    want = expected_instant(front.get("date"))
    got = datetime.fromisoformat(row["date"]) if row.get("date") else None
    if want is None or got != want:
        problems.append(f"{post.file}: db date {row.get('date')} != front-matter date {front.get('date')!r} as UTC")
    listed = front.get("categories")
    listed = [listed] if isinstance(listed, str) else list(listed or [])
    for source, expected in (("front-matter", listed), ("exporter", post.categories)):
        if expected is not None and chain != list(expected):
            problems.append(f"{post.file}: db category chain {chain} != {source} list {list(expected)}")
    if pages != 1:
        problems.append(f'{post.file}: {pages} public/**/index.html pages carry data-source="_posts/{post.file}"')
    if front.get("disableNunjucks") is not True and (marks := [m for m in _NUNJUCKS if m in body]):
        problems.append(f"{post.file}: body has {' '.join(marks)} without disableNunjucks: true")
    if not post.allow_code_blocks and "<pre><code" in row.get("content", "") and "<pre" not in body:
        problems.append(f"{post.file}: rendered content has <pre><code but the source body has no <pre>")
    return problems


def check_build(site: Path, log_text: str, posts: list[ExpectedPost | str]) -> list[str]:
    """All problems of one build of ``site`` whose ``source/_posts`` holds exactly ``posts``."""
    posts = [ExpectedPost(p) if isinstance(p, str) else p for p in posts]
    problems = log_problems(log_text)
    db_file = site / "db.json"
    if not db_file.is_file():
        return [*problems, f"{db_file} missing: hexo generate did not finish"]
    models = json.loads(db_file.read_text(encoding="utf-8"))["models"]
    rows = {row["source"]: row for row in models.get("Post", [])}
    md_count = sum(1 for _ in (site / "source" / "_posts").rglob("*.md"))
    if len(rows) != md_count:
        problems.append(f"db.json has {len(rows)} posts but source/_posts has {md_count} .md files")
    chains = category_chains(models)
    pages = page_sources(site / "public")
    for post in posts:
        source = f"_posts/{post.file}"
        if source not in rows:
            problems.append(f"{post.file}: missing from db.json (Hexo dropped it)")
            continue
        text = (site / "source" / source).read_text(encoding="utf-8")
        row = rows[source]
        problems += check_post(post, text, row, chains.get(row["_id"], []), pages[source])
    return problems


def main(argv: list[str]) -> int:
    """``python tests/hexo/check.py SITE LOG``: check every post in ``SITE/source/_posts`` after a build."""
    site, log = Path(argv[1]), Path(argv[2])
    files = sorted(p.relative_to(site / "source" / "_posts").as_posix() for p in (site / "source/_posts").rglob("*.md"))
    problems = check_build(site, log.read_text(encoding="utf-8"), files)
    print("\n".join(problems) or f"ok: {len(files)} posts")
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv))
