"""End to end, WARC capture: the real ``scrapy crawl sina_finance`` against the simulator, then ``reextract``.

In the order of issue 11's "Done when": every fetched page has a faithful response record and ``warcio check``
passes; posts come back byte for byte from the WARC files alone; a SIGKILL leaves files every reader accepts; a page
no template reads is kept and archived once a template exists.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawling import crawl, posts, sinaarchive, start_crawl
from sinaarchive.archive.catalog import CATALOG_NAME, Catalog
from sinaarchive.archive.lock import ArchiveLock
from sinaarchive.maintenance import verify
from sinaarchive.options import parse_crawl_options
from sinaarchive.parsing import templates
from sinaarchive.warc.reader import complete_length
from sinaarchive.warc.reextract import reextract
from sinasim.server import run_simulator
from sinasim.site import build_site
from warc_helpers import Gzipped, Redesigned, recorder, responses, warc_files, warcio

pytestmark = pytest.mark.slow


def delete_posts_and_catalog(root: Path) -> None:
    for path in posts(root):
        (root / path).unlink()
    for path in root.glob(f"{CATALOG_NAME}*"):
        path.unlink()


def summary_line(result: subprocess.CompletedProcess[str]) -> str:
    return next(line for line in result.stderr.splitlines() if "summary:" in line)


def test_every_page_fetched_has_a_response_record_holding_the_served_body(tmp_path):
    served: dict[str, list[bytes]] = {}
    with run_simulator(build_site(120, seed=7)) as sim:
        sim.rules.append(recorder(served))
        result = crawl(sim.roll_api, tmp_path, "-a", "channels=国内,美股")
        base = sim.base_url
    assert result.returncode == 0, result.stderr[-3000:]
    recorded: dict[str, list[bytes]] = {}
    for uri, status, payload in responses(tmp_path):
        assert status == "200"
        recorded.setdefault(uri, []).append(payload)
    fetched = {f"{base}{key}": bodies for key, bodies in served.items() if key != "/robots.txt"}
    assert sum("/api/roll/get" in uri for uri in fetched) == 2
    assert sum("/doc-i" in uri for uri in fetched) == len(posts(tmp_path)) > 20
    assert recorded == fetched  # every roll page and article page, byte for byte, and nothing else
    files = warc_files(tmp_path)
    assert files and all(path.name.endswith(".warc.gz") for path in files)  # closed: no ".open" left
    check = warcio("check", "-v", *files)
    assert check.returncode == 0, check.stdout
    assert check.stdout.count("digest pass") == 1 + 2 * len(fetched)  # warcinfo, each request and response
    index = warcio("index", *files)
    assert index.returncode == 0
    assert len(index.stdout.splitlines()) == 1 + 2 * len(fetched)  # warcinfo, then each request and response


def test_a_gzip_page_is_recorded_as_sent_and_reextracted_as_the_crawl_read_it(tmp_path):
    served: dict[str, list[bytes]] = {}
    with run_simulator(build_site(60, seed=5)) as sim:
        sim.rules.append(recorder(served))  # first: it keeps what the rules after it send
        sim.rules.append(lambda request: Gzipped() if "/doc-i" in request.path else None)
        result = crawl(sim.roll_api, tmp_path)
        base = sim.base_url
    assert result.returncode == 0, result.stderr[-3000:]
    pages = {f"{base}{key}": bodies for key, bodies in served.items() if "/doc-i" in key}
    recorded = {uri: [payload] for uri, _, payload in responses(tmp_path) if "/doc-i" in uri}
    assert recorded == pages and all(body[:2] == b"\x1f\x8b" for (body,) in recorded.values())
    assert warcio("check", *warc_files(tmp_path)).returncode == 0
    crawled = posts(tmp_path)
    assert len(crawled) == len(pages)
    delete_posts_and_catalog(tmp_path)
    assert sinaarchive("reextract", "--output", tmp_path).returncode == 0
    assert posts(tmp_path) == crawled


def test_page_command_prints_where_a_post_came_from_and_writes_its_html(tmp_path):
    site = build_site(60, seed=3)
    with run_simulator(site) as sim:
        assert crawl(sim.roll_api, tmp_path).returncode == 0
        article = site.listing(1686)[0]
        served = urlsplit(sim.article_url(article))
    shown = sinaarchive("page", article.doc_id, "--output", tmp_path, "--html", tmp_path / "page.html")
    assert shown.returncode == 0, shown.stderr
    assert f"uri: http://{served.netloc}{served.path}" in shown.stdout
    assert "file: warc/sinaarchive-" in shown.stdout
    assert b"artibody" in (tmp_path / "page.html").read_bytes() or b"article" in (tmp_path / "page.html").read_bytes()
    missing = sinaarchive("page", "nosuchid0000000", "--output", tmp_path)
    assert missing.returncode == 1
    assert "no capture recorded for nosuchid0000000" in missing.stdout
    for warc_file in (tmp_path / "warc").iterdir():  # a cluster worker's file, not gathered into the archive yet
        warc_file.unlink()
    elsewhere = sinaarchive("page", article.doc_id, "--output", tmp_path, "--html", tmp_path / "again.html")
    assert elsewhere.returncode == 1 and "copy the WARC files of the workers there" in elsewhere.stdout
    assert "Traceback" not in elsewhere.stderr


def test_reextract_without_network_brings_every_post_back_byte_for_byte(tmp_path):
    with run_simulator(build_site(120, seed=7)) as sim:
        assert crawl(sim.roll_api, tmp_path, "-a", "channels=国内,美股").returncode == 0
    # The simulator is gone: nothing answers any more.
    crawled = posts(tmp_path)
    delete_posts_and_catalog(tmp_path)
    again = sinaarchive("reextract", "--output", tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"{len(crawled)} articles" in again.stdout
    assert f"{len(crawled)} rewritten, 0 unchanged" in again.stdout
    assert posts(tmp_path) == crawled
    assert verify(tmp_path) == []
    captured = Catalog.in_folder(tmp_path)
    try:
        assert captured.db.execute("SELECT count(*) FROM captures").fetchone()[0] == len(crawled)
    finally:
        captured.close()
    twice = sinaarchive("reextract", "--output", tmp_path, "--jobs", "2")
    assert twice.returncode == 0, twice.stderr
    assert f"0 rewritten, {len(crawled)} unchanged" in twice.stdout  # idempotent
    assert posts(tmp_path) == crawled
    later = sinaarchive("reextract", "--output", tmp_path, "--since", "2026-09-29", "--until", "2026-09-29")
    assert later.returncode == 0, later.stderr
    newest_day = [name for name in crawled if name.startswith("2026/09/2026-09-29-")]
    assert 0 < len(newest_day) < len(crawled)
    assert f"reextract: {len(newest_day)} articles" in later.stdout  # only those created that Beijing day


def test_reextract_takes_the_newest_capture_of_an_updated_article(tmp_path):
    site = build_site(120, seed=7)
    with run_simulator(site) as sim:
        assert crawl(sim.roll_api, tmp_path).returncode == 0
        first = posts(tmp_path)
        edited = site.listing(1686)[3]
        sim.touch(edited.doc_id)
        second = crawl(sim.roll_api, tmp_path)
    assert "new 0, updated 1" in summary_line(second)
    crawled = posts(tmp_path)
    (changed,) = [name for name in first if first[name] != crawled[name]]
    assert changed.endswith(f"-{edited.doc_id}.md")
    assert len(warc_files(tmp_path)) == 2  # one file per run
    delete_posts_and_catalog(tmp_path)
    again = sinaarchive("reextract", "--output", tmp_path, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert posts(tmp_path) == crawled
    assert verify(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2021-13-01"), "--since '2021-13-01' is not a date"),
        (("--jobs", "0"), "--jobs 0"),
    ],
)
def test_reextract_usage_errors_are_one_line_and_exit_2(tmp_path, args, message):
    result = sinaarchive("reextract", "--output", tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_reextract_without_warc_files_says_so(tmp_path):
    result = sinaarchive("reextract", "--output", tmp_path)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "no WARC files in" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was created
    missing = sinaarchive("reextract", "--output", tmp_path / "nowhere")
    assert missing.returncode == 2
    assert "is not a folder" in missing.stderr


def test_reextract_waits_for_no_crawl_and_capture_can_be_turned_off(tmp_path):
    with run_simulator(build_site(60, seed=3)) as sim:
        result = crawl(sim.roll_api, tmp_path, settings={"SINAARCHIVE_WARC_ENABLED": "False"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert posts(tmp_path) and not (tmp_path / "warc").exists()
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "sinaarchive-20261206T164800Z-h-1-00000.warc.gz").write_bytes(b"")
    lock = ArchiveLock(tmp_path)
    lock.acquire()  # as a running crawl holds it
    try:
        busy = sinaarchive("reextract", "--output", tmp_path)
    finally:
        lock.release()
    assert busy.returncode == 75
    assert "another sinaarchive run is writing to" in busy.stderr


def test_sigkill_leaves_warc_files_every_reader_accepts_and_the_next_runs_go_on(tmp_path):
    site = build_site(200, seed=11)
    with run_simulator(site) as simulator:
        assert crawl(simulator.roll_api, tmp_path / "uninterrupted").returncode == 0
        reference = posts(tmp_path / "uninterrupted")
        killed_root = tmp_path / "killed"
        killed = start_crawl(simulator.roll_api, killed_root, settings={"DOWNLOAD_DELAY": "0.03"})
        try:
            deadline = time.monotonic() + 60
            while len(posts(killed_root)) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=30)
        finally:
            killed.kill()
        (left_open,) = warc_files(killed_root)
        assert left_open.name.endswith(".warc.gz.open")
        # Make sure the tail is torn, whatever instant the kill hit: half of a record appended.
        with left_open.open("rb") as stream:
            whole = stream.read()
        with left_open.open("ab") as stream:
            stream.write(whole[len(whole) // 2 : len(whole) // 2 + 5000])
        assert 0 < complete_length(left_open) == len(whole)  # our reader stops at the last complete record
        rerun = crawl(simulator.roll_api, killed_root)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert "WARC file left open by a killed run repaired" in rerun.stderr
    assert posts(killed_root) == reference
    files = warc_files(killed_root)
    assert len(files) == 2 and all(path.name.endswith(".warc.gz") for path in files)
    assert files[0].stat().st_size == len(whole)  # the torn tail was cut, every complete record kept
    check = warcio("check", *files)
    assert check.returncode == 0, check.stdout
    assert warcio("index", *files).returncode == 0
    delete_posts_and_catalog(killed_root)
    again = sinaarchive("reextract", "--output", killed_root)
    assert again.returncode == 0, again.stderr
    assert posts(killed_root) == reference
    assert verify(killed_root) == []


def test_a_page_no_template_reads_is_kept_and_archived_once_a_template_exists(tmp_path, monkeypatch):
    site = build_site(120, seed=7)
    target = next(article for article in site.listing(1686)[:20] if article.era == "v2017")
    with run_simulator(site) as sim:
        path = urlsplit(sim.article_url(target)).path
        sim.rules.append(lambda request: Redesigned() if request.path == path else None)
        result = crawl(sim.roll_api, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "failed 1 (no_body=1), unsupported 1," in summary_line(result)
    assert not [name for name in posts(tmp_path) if name.endswith(f"-{target.doc_id}.md")]
    kept = [payload for uri, _, payload in responses(tmp_path) if uri.endswith(path)]
    assert len(kept) == 1 and b'id="artibody2027"' in kept[0]
    crawled = posts(tmp_path)

    before = reextract(tmp_path, parse_crawl_options(), jobs=1)
    assert (before.unsupported, before.rewritten) == (1, 0)

    # A template for the new markup is added (here: v2017's fields with the renamed body container).
    redesign = replace(templates.V2017, markers=("div#artibody2027",), body="div#artibody2027")
    monkeypatch.setattr(templates, "TEMPLATES", (redesign, *templates.TEMPLATES))
    after = reextract(tmp_path, parse_crawl_options(), jobs=1)
    assert (after.unsupported, after.rewritten, after.unchanged) == (0, 1, len(crawled))
    (new,) = set(posts(tmp_path)) - set(crawled)
    assert new.endswith(f"-{target.doc_id}.md")
    assert {k: v for k, v in posts(tmp_path).items() if k != new} == crawled
    assert verify(tmp_path) == []
    catalog = Catalog.in_folder(tmp_path)
    try:
        assert catalog.gone([target.doc_id], min_failures=1) == set()  # no longer a dead end
    finally:
        catalog.close()
    shutil.rmtree(tmp_path / ".tmp", ignore_errors=True)
