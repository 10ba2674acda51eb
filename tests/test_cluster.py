"""End to end, the cluster: real ``scrapy crawl sina_finance`` workers and a real ``python -m sinaarchive ingest``
writer on a real redis-server, against the simulator, compared with one crawl alone of the same site.

In the order of the issue's "Done when": three workers and a writer make the archive a crawl alone makes, with no
article page fetched twice and a fair share each; a worker killed with SIGKILL, and the writer killed and
restarted, still give the whole archive; a second campaign with nothing new lists one page per channel and writes
nothing; ``cluster-status`` shows the counts while it runs and after.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
import redis

import redis_server as redis_helper
from crawling import PROJECT, child_env, crawl, crawl_command, file_hashes, posts, roll_requests, sinaarchive
from sinaarchive.channels import resolve_channels
from sinasim import faults
from sinasim.server import run_simulator
from sinasim.site import build_site

pytestmark = [pytest.mark.slow, pytest.mark.redis]

CHANNELS = "国内,股市,美股"
SINCE = "2026-09-28"  # every article of the site below (it spans one Beijing day)
ARGUMENTS = ("-a", f"channels={CHANNELS}", "-a", f"since={SINCE}", "-a", "max_pages=20")
# Ten items per roll page: each channel takes several pages, so the workers share the listing too.
SITE_SETTINGS = {"SINAARCHIVE_PAGE_SIZE": "10"}
# Images are fetched by the writer through the simulator posing as Sina's image hosts (as in test_images.py).
IMAGES = {"SINAARCHIVE_IMAGES": "True", "SINAARCHIVE_IMAGE_PLAIN_HTTP": "True", "DOWNLOAD_SLOTS": "{}"}
WRITER_SETTINGS = {
    **IMAGES,
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "1",
    "SINAARCHIVE_PROGRESS_INTERVAL": "1",
}
IDLE_EXIT = "2"
# Times the catalog sets when it writes: they differ between any two runs.
ARCHIVE_TIMES = {"first_archived_at", "last_checked_at", "first_failed_at", "last_failed_at"}
IMAGE_TIMES = {"first_seen_at", "last_tried_at", "stored_at"}


@pytest.fixture(scope="module")
def site():
    return build_site(300, seed=11)


@pytest.fixture(scope="module")
def alone(site, tmp_path_factory):
    """The reference: one crawl alone of the same site, with images."""
    output = tmp_path_factory.mktemp("alone")
    with run_simulator(site) as sim:
        result = crawl(sim.roll_api, output, *ARGUMENTS, settings={**SITE_SETTINGS, **IMAGES}, env=proxy(sim))
    assert result.returncode == 0, result.stderr[-3000:]
    return output


def proxy(sim) -> dict[str, str]:
    return {"http_proxy": sim.base_url, "no_proxy": "", "NO_PROXY": ""}


# --- running a cluster ---------------------------------------------------------------------------------------


@dataclass
class Cluster:
    sim: object
    redis_url: str
    output: Path
    logs: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    writers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, *arguments: str, settings: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        merged = {
            **SITE_SETTINGS,
            "SINAARCHIVE_REDIS_URL": self.redis_url,
            "SINAARCHIVE_REDIS_IDLE_EXIT": IDLE_EXIT,
            **(settings or {}),
        }
        command = crawl_command(self.sim.roll_api, self.output, *arguments, settings=merged)
        self.workers.append(self.popen(command, f"worker{len(self.workers)}"))
        return self.workers[-1]

    def start_writer(self) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "sinaarchive",
            "ingest",
            "--redis",
            self.redis_url,
            "--output",
            str(self.output),
        ]
        for name, value in WRITER_SETTINGS.items():
            command += ["-s", f"{name}={value}"]
        self.writers.append(self.popen(command, f"writer{len(self.writers)}"))
        return self.writers[-1]

    def popen(self, command: list[str], name: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("wb") as sink:
            return subprocess.Popen(command, cwd=PROJECT, stdout=sink, stderr=sink, env=child_env(proxy(self.sim)))

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = 120) -> None:
        """Every process ends; each worker with 0 and the last writer with 0."""
        for index, process in enumerate(self.workers):
            assert process.wait(timeout) in (0, -signal.SIGKILL), self.log(f"worker{index}")[-3000:]
        last = len(self.writers) - 1
        assert self.writers[-1].wait(timeout) == 0, self.log(f"writer{last}")[-3000:]

    def stop_all(self) -> None:
        for process in self.workers + self.writers:
            if process.poll() is None:
                process.kill()
                process.wait()

    def handed(self, index: int) -> int:
        """Articles worker ``index`` handed to the writer, from its summary line."""
        return int(re.search(r"summary: new (\d+)", self.log(f"worker{index}"))[1])


@contextmanager
def running_cluster(site, redis_url: str, folder: Path) -> Iterator[Cluster]:
    """A simulator of ``site`` and a ``Cluster`` writing into ``folder``/archive; every process ends with it."""
    output, logs = folder / "archive", folder / "logs"
    output.mkdir()
    logs.mkdir()
    with run_simulator(site) as sim:
        running = Cluster(sim, redis_url, output, logs)
        try:
            yield running
        finally:
            running.stop_all()


@pytest.fixture
def cluster(site, redis_url, tmp_path):
    with running_cluster(site, redis_url, tmp_path) as running:
        yield running


def rows(output: Path, table: str, leave_out: set[str]) -> list[dict]:
    db = sqlite3.connect(output / "catalog.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        query = f"SELECT * FROM {table}"  # noqa: S608
        found = [{k: row[k] for k in row.keys() if k not in leave_out} for row in db.execute(query)]  # noqa: SIM118
    finally:
        db.close()
    return sorted(found, key=lambda row: sorted(row.items(), key=str))


def assert_same_archive(output: Path, alone: Path) -> None:
    """Posts byte for byte, catalog rows (the times each run sets aside), the stored images; and verify is clean."""
    expected, written = posts(alone), posts(output)
    assert expected and sorted(written) == sorted(expected)
    for path, text in expected.items():
        assert written[path].decode() == text.decode(), path  # pytest shows the lines that differ
    assert rows(output, "articles", ARCHIVE_TIMES) == rows(alone, "articles", ARCHIVE_TIMES)
    assert rows(output, "gone", ARCHIVE_TIMES) == rows(alone, "gone", ARCHIVE_TIMES)
    assert rows(output, "images", IMAGE_TIMES) == rows(alone, "images", IMAGE_TIMES)
    assert rows(output, "images_used", set()) == rows(alone, "images_used", set())
    images = {path: digest for path, digest in file_hashes(alone).items() if path.startswith("images/")}
    assert images and {p: d for p, d in file_hashes(output).items() if p.startswith("images/")} == images
    assert len(rows(output, "captures", set())) == len(expected)  # each post's page, in a worker's WARC file
    checked = sinaarchive("verify", "--output", output)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def article_fetches(sim, since: int = 0) -> Counter[str]:
    return Counter(entry["path"] for entry in sim.requests()[since:] if "/doc-i" in entry["path"])


def wait_until(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


# --- Done when ------------------------------------------------------------------------------------------------


def test_three_workers_and_a_writer_make_the_archive_a_crawl_alone_makes(cluster, alone):
    cluster.start_writer()
    for _ in range(3):  # a crawl of several seconds: much longer than the workers take to start, even on a busy machine
        cluster.start_worker(*ARGUMENTS, settings={"DOWNLOAD_DELAY": "0.2"})
    cluster.wait()
    assert_same_archive(cluster.output, alone)
    fetched = article_fetches(cluster.sim)
    assert fetched and max(fetched.values()) == 1  # no article page fetched twice by the cluster
    shares = [cluster.handed(i) for i in range(3)]
    assert sum(shares) == len(posts(alone))
    assert min(shares) >= len(posts(alone)) / 3 / 3, shares  # each worker did a fair share (a third of an even one)
    for name in ("writer0", "worker0", "worker1", "worker2"):
        assert " WARNING: " not in cluster.log(name) and " ERROR: " not in cluster.log(name), cluster.log(name)


def test_a_worker_killed_mid_crawl_loses_nothing(cluster, alone):
    slow = {"DOWNLOAD_DELAY": "0.1", "RANDOMIZE_DOWNLOAD_DELAY": "False"}  # a crawl long enough to kill into
    cluster.start_writer()
    victim = cluster.start_worker(*ARGUMENTS, settings=slow)
    for _ in range(2):
        cluster.start_worker(*ARGUMENTS, settings=slow)
    holds = redis.Redis.from_url(cluster.redis_url)
    wait_until(lambda: sum(article_fetches(cluster.sim).values()) >= 20, what="20 article pages fetched")
    wait_until(lambda: victim_holds(holds, victim.pid), what="the victim holding requests")
    victim.send_signal(signal.SIGKILL)
    cluster.wait(timeout=180)
    assert_same_archive(cluster.output, alone)
    assert "queued again" in cluster.log("writer0") + "".join(cluster.log(f"worker{i}") for i in (1, 2))


def victim_holds(client: redis.Redis, pid: int) -> bool:
    return any(client.hlen(key) for key in client.keys(f"sinaarchive:held:*-{pid}-*"))


def test_the_writer_killed_and_restarted_loses_nothing(cluster, alone):
    first = cluster.start_writer()
    for _ in range(3):
        cluster.start_worker(*ARGUMENTS, settings={"DOWNLOAD_DELAY": "0.05"})
    wait_until(lambda: len(posts(cluster.output)) >= 10, what="10 posts written")
    first.send_signal(signal.SIGKILL)
    first.wait()
    for index in range(3):
        assert cluster.workers[index].wait(120) == 0, cluster.log(f"worker{index}")[-3000:]
    cluster.start_writer()
    cluster.wait()
    assert_same_archive(cluster.output, alone)


def test_later_campaigns_fetch_only_what_is_new_or_changed(redis_url, tmp_path):
    """Nothing new: one roll request per channel in the whole cluster, and nothing written. Then one article
    changed on the site: it alone is fetched, and rewritten where it was."""
    site = build_site(300, seed=11)  # its own: this test edits it
    with running_cluster(site, redis_url, tmp_path) as cluster:
        cluster.start_writer()
        for _ in range(3):
            cluster.start_worker(*ARGUMENTS)
        cluster.wait()
        before, catalog_before = archive_files(cluster.output), rows(cluster.output, "articles", set())

        requests_before = len(cluster.sim.requests())
        campaign(cluster, "-a", f"channels={CHANNELS}")  # as cron would: no window, nothing new
        assert len(roll_requests(cluster.sim.requests()[requests_before:])) == 3  # one per channel, whole cluster
        assert not article_fetches(cluster.sim, requests_before)
        assert rows(cluster.output, "articles", set()) == catalog_before
        assert archive_files(cluster.output) == before

        changed = site.listing(resolve_channels("美股")[0].lid)[0]
        site.touch(changed.doc_id)
        requests_before = len(cluster.sim.requests())
        campaign(cluster, "-a", f"channels={CHANNELS}")
        assert list(article_fetches(cluster.sim, requests_before)) == [urlsplit(cluster.sim.article_url(changed)).path]
        rewritten = {path for path, digest in archive_files(cluster.output).items() if before.get(path) != digest}
        assert len(rewritten) == 1 and changed.doc_id in rewritten.pop()  # at its path: no second post
        assert len(posts(cluster.output)) == len(catalog_before)


def campaign(cluster: Cluster, *arguments: str) -> None:
    """One more campaign of three workers and a writer, to its end."""
    cluster.start_writer()
    for _ in range(3):
        cluster.start_worker(*arguments)
    cluster.wait()


def archive_files(output: Path) -> dict[str, str]:
    """Posts and images by hash (not the catalog, whose file SQLite may touch, nor the workers' WARC files)."""
    return {
        path: digest
        for path, digest in file_hashes(output).items()
        if path.endswith(".md") or path.startswith("images/")
    }


def status(redis_url: str) -> dict[str, int]:
    result = sinaarchive("cluster-status", "--redis", redis_url)
    assert result.returncode == 0, result.stderr
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\S+(?: \S+)*?)\s{2,}(\d+)", result.stdout, re.MULTILINE)}


def test_cluster_status_shows_the_campaign_while_it_runs_and_only_the_archive_after(cluster):
    for _ in range(2):
        cluster.start_worker(*ARGUMENTS, settings={"DOWNLOAD_DELAY": "0.05"})
    wait_until(lambda: status(cluster.redis_url)["workers alive"] == 2, what="two workers alive")
    wait_until(lambda: status(cluster.redis_url)["items waiting"] > 0, what="items waiting for the writer")
    during = status(cluster.redis_url)
    assert during["articles archived"] == 0  # no writer yet
    per_worker = sinaarchive("cluster-status", "--redis", cluster.redis_url).stdout
    assert len(re.findall(r"^  \S+-\d+-\w+: fetched \d+, holding \d+$", per_worker, re.MULTILINE)) == 2, per_worker
    cluster.start_writer()
    cluster.wait()
    after = status(cluster.redis_url)
    assert after == {
        "workers alive": 0,
        "requests queued": 0,
        "items waiting": 0,
        "articles archived": len(posts(cluster.output)),
        "failed": 0,
        "re-queued": 0,
    }
    assert "cluster: workers alive" in cluster.log("writer0")  # the writer logs the same counts as it goes


# --- usage errors: one line, exit status 2, no traceback --------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SINAARCHIVE_REDIS_URL": "http://127.0.0.1:6379/0"}, "is not a Redis URL"),
        ({"SINAARCHIVE_REDIS_URL": "redis://127.0.0.1:1/0"}, "cannot reach Redis"),
        ({"SINAARCHIVE_REDIS_URL": "redis://:secret@127.0.0.1:1/0"}, "redis://:***@127.0.0.1:1/0"),
        (
            {"SINAARCHIVE_REDIS_URL": "redis://127.0.0.1:1/0", "SINAARCHIVE_REDIS_IDLE_EXIT": "soon"},
            "SINAARCHIVE_REDIS_IDLE_EXIT='soon' must be a whole number",
        ),
    ],
)
def test_a_worker_with_bad_cluster_settings_stops_before_any_request(tmp_path, settings, message):
    result = subprocess.run(
        crawl_command("http://127.0.0.1:9/api/roll/get", tmp_path, settings=settings),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert "secret" not in result.stderr


def test_ingest_and_cluster_status_with_an_unreachable_redis_say_so(tmp_path):
    for command in (["ingest", "--output", str(tmp_path)], ["cluster-status"]):
        result = sinaarchive(*command, "--redis", "redis://127.0.0.1:1/0")
        assert result.returncode == 2 and "cannot reach Redis" in result.stderr and "Traceback" not in result.stderr


def test_a_worker_with_other_arguments_than_the_running_campaign_is_refused(cluster):
    cluster.start_worker(*ARGUMENTS, settings={"DOWNLOAD_DELAY": "0.2"})
    wait_until(lambda: status(cluster.redis_url)["workers alive"] == 1, what="the first worker")
    other = cluster.start_worker("-a", "channels=国内")
    assert other.wait(60) == 2
    assert "same -a arguments" in cluster.log("worker1") and "Traceback" not in cluster.log("worker1")


def test_a_second_writer_for_the_same_cluster_is_refused(cluster, tmp_path):
    cluster.start_writer()  # waits for workers
    wait_until(lambda: "writer ready" in cluster.log("writer0"), what="the first writer")
    other = tmp_path / "other"
    other.mkdir()
    result = sinaarchive("ingest", "--redis", cluster.redis_url, "--output", other)
    assert result.returncode == 75 and "another writer is ingesting from this cluster" in result.stderr
    assert "Traceback" not in result.stderr and not list(other.iterdir())


def test_a_worker_that_loses_redis_stops_and_says_so(site, tmp_path):
    """A server of its own: stopping the shared one would stop the other tests of this process."""
    (tmp_path / "redis").mkdir()
    server = redis_helper.start(redis_helper.require_redis_server(), tmp_path / "redis")
    (tmp_path / "logs").mkdir()
    (tmp_path / "archive").mkdir()
    with run_simulator(site) as sim:
        cluster = Cluster(sim, server.url(0), tmp_path / "archive", tmp_path / "logs")
        try:
            worker = cluster.start_worker(*ARGUMENTS, settings={"DOWNLOAD_DELAY": "0.5"})
            wait_until(lambda: article_fetches(sim), what="the worker fetching articles")
            server.stop()
            assert worker.wait(60) != 0  # a failed run, for cron
        finally:
            cluster.stop_all()
            server.stop()
    log = cluster.log("worker0")
    assert "lost Redis" in log and "Traceback" not in log, log[-3000:]


@pytest.mark.parametrize("where", ["--output", "-s SINAARCHIVE_OUTPUT_DIR="])
def test_ingest_makes_its_archive_folder_as_a_crawl_does(redis_url, tmp_path, where):
    archive = tmp_path / "new-archive"  # its parent exists: made, as a crawl makes SINAARCHIVE_OUTPUT_DIR
    option = ["--output", str(archive)] if where == "--output" else ["-s", f"SINAARCHIVE_OUTPUT_DIR={archive}"]
    command = [sys.executable, "-m", "sinaarchive", "ingest", "--redis", redis_url, *option]
    writer = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:  # the writer waits there for workers
        wait_until(lambda: (archive / "catalog.sqlite3").exists(), what="the writer's catalog")
    finally:
        writer.terminate()
        assert writer.wait(30) != 0  # stopped before any campaign ended


def test_ingest_usage_errors_say_what_to_fix(redis_url, tmp_path):
    bad = sinaarchive("ingest", "--redis", redis_url, "-s", "SINAARCHIVE_IMAGES")
    assert bad.returncode == 2 and "give a setting as NAME=VALUE" in bad.stderr
    deep = sinaarchive("ingest", "--redis", redis_url, "--output", tmp_path / "no" / "such" / "folder")
    assert deep.returncode == 2 and "--output" in deep.stderr and "parent folder does not exist" in deep.stderr
    assert "Traceback" not in bad.stderr + deep.stderr


def test_a_cluster_meets_every_fault_a_crawl_alone_meets_and_archives_what_it_archives(redis_url, tmp_path):
    """Retries, redirects, captchas, cut-off pages and unusable roll pages travel through Redis as JSON requests
    and leases: the cluster archives exactly what a crawl alone archives (sinasim.faults' plan says what)."""
    site = build_site(400, seed=0)
    plan = faults.all_faults(site)
    faulty = {"RETRY_TIMES": "2", "DOWNLOAD_TIMEOUT": "2"}
    with running_cluster(site, redis_url, tmp_path) as cluster:
        cluster.sim.rules.extend(plan.rules)
        cluster.start_writer()
        for _ in range(3):
            cluster.start_worker(settings=faulty)
        cluster.wait(timeout=180)
    archived = {frontmatter.loads(text.decode("utf-8"))["docid"] for text in posts(cluster.output).values()}
    assert archived == plan.expected_archive(site)
    gone = {row["doc_id"] for row in rows(cluster.output, "gone", ARCHIVE_TIMES)}
    assert gone and gone <= plan.failed | plan.dropped  # the dead ends reached the writer's catalog
    checked = sinaarchive("verify", "--output", cluster.output)
    assert checked.returncode == 0, checked.stdout + checked.stderr
