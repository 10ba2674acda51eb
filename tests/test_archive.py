"""The archive folder: atomic post store, catalog, run lock, and rebuild/verify/stats (sinaarchive.archive)."""

import hashlib
import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import pytest

from sinaarchive.archive.archive import Archive
from sinaarchive.archive.catalog import Catalog
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.archive.store import PostStore
from sinaarchive.channels import resolve_channels
from sinaarchive.items import Article
from sinaarchive.maintenance import rebuild, stats_lines, verify

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def article(n: int, **overrides) -> Article:
    channel = resolve_channels("国内" if n % 2 else "美股")[0]
    fields = {
        "doc_id": f"nitmeav{9622400 + n}",
        "url": f"https://finance.sina.com.cn/china/2026-09-2{n % 9}/doc-initmeav{9622400 + n}.shtml",
        "title": f"第{n}条：测试“标题”",
        "published_at": datetime(2026, 9, 20 + n % 9, 8, n, tzinfo=BEIJING),
        "updated_at": datetime(2026, 9, 20 + n % 9, 8, n, 30, tzinfo=BEIJING),
        "source_media": "环球市场播报",
        "channel": channel.name,
        "categories": list(channel.categories),
        "stock_codes": ["MU"] if n % 3 == 0 else [],
        "clean_html": f"<p>　　第{n}段。</p>",
    }
    fields.update(overrides)
    return Article(**fields)


@pytest.fixture
def archive(tmp_path):
    opened = Archive(tmp_path)
    yield opened
    opened.close()


def test_store_writes_atomically_and_returns_the_hash(tmp_path):
    store = PostStore(tmp_path)
    digest = store.write(PurePosixPath("2026/09/a.md"), "正文\n")
    assert (tmp_path / "2026/09/a.md").read_bytes() == "正文\n".encode()
    assert digest == hashlib.sha256("正文\n".encode()).hexdigest()
    assert [p.name for p in (tmp_path / "2026/09").iterdir()] == ["a.md"]
    assert list((tmp_path / ".tmp").iterdir()) == []  # no temporary file left


@pytest.mark.parametrize("path", ["../x.md", "/etc/x.md", "a/../../x.md"])
def test_store_refuses_paths_outside_the_root(tmp_path, path):
    with pytest.raises(ValueError, match="leaves the output folder"):
        PostStore(tmp_path).write(PurePosixPath(path), "x")


def test_store_removes_temporary_files_of_a_killed_run(tmp_path):
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "abc.tmp").write_text("half a po")
    assert PostStore(tmp_path).remove_stale_temp_files() == 1
    assert not [p for p in tmp_path.rglob("*.tmp") if p.is_file()]


def test_save_writes_post_then_row(archive, tmp_path):
    row = archive.save(article(1), now=NOW)
    assert (tmp_path / row.path).is_file()
    assert row.sha256 == hashlib.sha256((tmp_path / row.path).read_bytes()).hexdigest()
    assert row.published_at == "2026-09-21T00:01:00Z"
    assert row.modified_at == "2026-09-21T00:01:30Z"
    assert row.channels == ["国内"]
    assert row.first_archived_at == row.last_checked_at == "2026-11-27T12:00:00Z"
    assert archive.lookup(["nitmeav9622401", "unknown"]).keys() == {"nitmeav9622401"}


def test_update_keeps_path_and_first_archived_time(archive, tmp_path):
    first = archive.save(article(1), now=NOW)
    changed = article(1, title="新标题", clean_html="<p>更新</p>", post_path=first.path)
    second = archive.save(changed, now=NOW + timedelta(hours=1))
    assert second.path == first.path
    assert second.first_archived_at == first.first_archived_at
    assert second.last_checked_at == "2026-11-27T13:00:00Z"
    assert "更新" in (tmp_path / first.path).read_text(encoding="utf-8")
    assert len(list(tmp_path.rglob("*.md"))) == 1


def test_catalog_is_wal_and_has_the_documented_columns(archive, tmp_path):
    archive.save(article(1), now=NOW)
    db = sqlite3.connect(tmp_path / "catalog.sqlite3")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in db.execute("PRAGMA table_info(articles)")]
        assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
    finally:
        db.close()
    assert columns == [
        "doc_id",
        "url",
        "title",
        "source_media",
        "channels",
        "published_at",
        "modified_at",
        "path",
        "sha256",
        "first_archived_at",
        "last_checked_at",
        "stock_codes",
    ]


def another_process_can_lock(root: Path) -> bool:
    """Whether a separate process can take the archive lock of ``root`` right now (it releases it at once)."""
    code = (
        "import sys; from pathlib import Path; from sinaarchive.archive.lock import ArchiveLock, ArchiveBusy\n"
        "try:\n    ArchiveLock(Path(sys.argv[1])).acquire()\nexcept ArchiveBusy as e:\n    print(e); sys.exit(75)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 75), result.stderr
    if result.returncode == 75:
        assert "another sinaarchive run is writing to" in result.stdout
    return result.returncode == 0


def test_lock_refuses_a_second_process(tmp_path):
    lock = ArchiveLock(tmp_path)
    lock.acquire()
    try:
        assert not another_process_can_lock(tmp_path)
    finally:
        lock.release()
    assert another_process_can_lock(tmp_path)  # free again once released


def test_the_lock_can_be_taken_again_within_a_process(tmp_path):
    # The crawl command takes the lock before Scrapy starts; the archive takes it again when the spider opens it.
    outer, inner = ArchiveLock(tmp_path), ArchiveLock(tmp_path)
    outer.acquire()
    try:
        inner.acquire()  # no ArchiveBusy
        assert not another_process_can_lock(tmp_path)
        # POSIX record locks belong to the process: releasing either one frees the folder for other processes.
        inner.release()
        assert another_process_can_lock(tmp_path)
    finally:
        outer.release()


def archived(root: Path, count: int) -> list:
    """An archive of ``count`` articles written at ``NOW``; returns their catalog rows."""
    archive = Archive(root)
    try:
        return [archive.save(article(n), now=NOW) for n in range(1, count + 1)]
    finally:
        archive.close()


def catalog_contents(root: Path) -> list:
    return Catalog.read_rows(root)


def test_rebuild_from_posts_gives_the_same_catalog(tmp_path):
    archived(tmp_path, 7)
    before = catalog_contents(tmp_path)
    (tmp_path / "catalog.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"catalog.sqlite3{suffix}").unlink(missing_ok=True)
    count, problems = rebuild(tmp_path)
    after = catalog_contents(tmp_path)
    assert (count, problems) == (7, [])

    # Archive times are not in the posts: a rebuild without the old catalog takes the files' times.
    def without_times(rows):
        return [replace(r, first_archived_at="", last_checked_at="") for r in rows]

    assert without_times(after) == without_times(before)


def test_rebuild_over_an_existing_catalog_changes_nothing(tmp_path):
    archived(tmp_path, 3)
    before = catalog_contents(tmp_path)
    assert rebuild(tmp_path) == (3, [])
    assert catalog_contents(tmp_path) == before


def test_verify_reports_tampered_missing_uncatalogued_and_unparseable(tmp_path):
    rows = archived(tmp_path, 3)
    assert verify(tmp_path) == []
    (tmp_path / rows[0].path).write_text((tmp_path / rows[0].path).read_text(encoding="utf-8") + "x", encoding="utf-8")
    (tmp_path / rows[1].path).unlink()
    (tmp_path / "2026" / "stray.md").write_text("---\ntitle: 'a'b'\n---\n", encoding="utf-8")
    problems = verify(tmp_path)
    assert f"hash mismatch: {rows[0].path} (docid {rows[0].doc_id}): the file changed after it was archived" in problems
    assert f"missing file: {rows[1].path} (docid {rows[1].doc_id})" in problems
    assert "post not in catalog: 2026/stray.md" in problems
    assert any(p.startswith("unreadable post: 2026/stray.md: does not parse") for p in problems)
    assert len(problems) == 4


def test_stats_counts_channels_and_months(tmp_path):
    archived(tmp_path, 5)
    lines = stats_lines(tmp_path)
    assert lines[0] == "articles: 5"
    assert "channel 国内: 3" in lines and "channel 美股: 2" in lines
    assert "month 2026-09: 5" in lines
    assert lines[-2].startswith("newest: 2026-09-25T00:05:00Z nitmeav9622405")
    assert lines[-1].startswith("oldest: 2026-09-21T00:01:00Z nitmeav9622401")


def test_cli_exit_statuses(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "sinaarchive", *args], capture_output=True, text=True, check=False)

    assert run("verify", "--output", str(tmp_path / "missing")).returncode == 2
    assert "no catalog" in run("stats", "--output", str(tmp_path)).stderr
    [row] = archived(tmp_path, 1)
    assert run("verify", "--output", str(tmp_path)).stdout.strip() == "verify: archive is sound"
    (tmp_path / row.path).unlink()
    result = run("verify", "--output", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"missing file: {row.path} (docid {row.doc_id})"
    assert run("stats", "--output", str(tmp_path)).stdout.startswith("articles: 1\n")


def test_cli_help_lists_every_command_and_output_goes_before_or_after_it(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "sinaarchive", *args], capture_output=True, text=True, check=False)

    listed = run("--help").stdout
    for command in ("stats", "verify", "rebuild", "reextract", "page"):
        assert f"\n    {command} " in listed, listed
    archived(tmp_path, 2)
    before, after = run("--output", str(tmp_path), "stats"), run("stats", "--output", str(tmp_path))
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout and before.stdout.startswith("articles: 2\n")
    unknown = run("bogus")
    assert unknown.returncode == 2 and "reextract" in unknown.stderr and "Traceback" not in unknown.stderr


@pytest.mark.parametrize(
    ("command", "status"),
    [("stats", 141), ("verify", 141), ("rebuild", 141), ("--help", 0)],  # argparse drops help it cannot write
)
def test_a_closed_pipe_ends_every_command_quietly(tmp_path, command, status):
    archived(tmp_path, 3)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sinaarchive", command, "--output", str(tmp_path)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (status, "")


def test_head_gets_one_line_and_no_traceback(tmp_path):
    archived(tmp_path, 1)
    for n in range(3000):  # more output than a pipe holds, so the command is still writing when head exits
        (tmp_path / f"stray-{n}.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    command = f"set -o pipefail; {shlex.quote(sys.executable)} -m sinaarchive verify --output {tmp_path} | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""
    assert result.returncode == 141  # the pipe closed before the output ended


def test_posts_get_the_permissions_of_any_new_file(tmp_path):
    # Other users (a web server, a Hexo build under another account) read the archive: 0666 less the umask.
    old = os.umask(0o022)
    try:
        PostStore(tmp_path).write(PurePosixPath("2026/09/a.md"), "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "2026/09/a.md").stat().st_mode) == 0o644
