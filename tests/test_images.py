"""Images end to end: the unmodified ``scrapy crawl sina_finance`` against the simulator's image hosts.

The crawls send plain-http image requests through the simulator as their proxy (``SINAARCHIVE_IMAGE_PLAIN_HTTP``,
``http_proxy``), so the image URLs keep Sina's host names and Scrapy's per-host slots, as on the real site.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from crawling import PROJECT, crawl, listed_ids, posts
from sinaarchive.images.check import url_key
from sinasim import build_site, run_simulator
from sinasim.faults import always, hang, html_as_image, huge_image, truncated
from sinasim.images import IMAGE_PATH, foreign_referer, image_body
from sinasim.messages import SimRequest

IMAGES_ON = {"SINAARCHIVE_IMAGES": "True", "SINAARCHIVE_IMAGE_PLAIN_HTTP": "True", "DOWNLOAD_SLOTS": "{}"}


def image_crawl(sim, output: Path, *args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = crawl(
        sim.roll_api,
        output,
        "-a",
        "max_pages=1",
        *args,
        settings={**IMAGES_ON, **(settings or {})},
        env={"http_proxy": sim.base_url, "no_proxy": "", "NO_PROXY": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def plain_crawl(sim, output: Path) -> None:
    result = crawl(sim.roll_api, output, "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-3000:]


def image_requests(sim) -> list[str]:
    return [entry["path"] for entry in sim.requests() if IMAGE_PATH.fullmatch(entry["path"])]


def body_images(text: str) -> list[lxml_html.HtmlElement]:
    body = text.split("\n---\n", 1)[1]
    return list(lxml_html.fragment_fromstring(body, create_parent="div").iter("img"))


def catalog_images(output: Path) -> dict[str, dict]:
    db = sqlite3.connect(output / "catalog.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        return {row["url"]: dict(row) for row in db.execute("SELECT * FROM images")}
    finally:
        db.close()


def served(url: str) -> bytes:
    return image_body(urlsplit(url).path)[0]


def maintenance(command: str, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sinaarchive", command, "--output", str(output)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )


def summary(result: subprocess.CompletedProcess) -> str:
    return next(line for line in result.stderr.splitlines() if "summary:" in line)


@pytest.fixture(scope="module")
def site():
    return build_site(60, seed=3)


@pytest.fixture(scope="module")
def default_crawl(site, tmp_path_factory):
    """One default crawl with images, one without, and the Referer of every image request."""
    out, plain = tmp_path_factory.mktemp("images-on"), tmp_path_factory.mktemp("images-off")
    referers: list[str] = []

    def spy(request: SimRequest) -> None:
        if IMAGE_PATH.fullmatch(request.path):
            referers.append(foreign_referer(request) or "ok")

    with run_simulator(site) as sim:
        sim.rules.append(spy)
        result = image_crawl(sim, out)
        plain_crawl(sim, plain)
        log = sim.requests()
    return out, plain, result, referers, log


def test_a_default_crawl_stores_every_image_exactly_and_leaves_posts_as_they_were(default_crawl) -> None:
    out, plain, result, referers, log = default_crawl
    assert posts(out) == posts(plain), "posts must be byte-identical to an images-off crawl"
    urls = {img.get("src") for text in posts(out).values() for img in body_images(text.decode())}
    assert len(urls) >= 10
    rows = catalog_images(out)
    assert set(rows) == urls
    for url in urls:
        row = rows[url]
        assert row["status"] == "stored", row
        assert re.fullmatch(rf"images/{url_key(url)[:2]}/{url_key(url)[2:4]}/{url_key(url)}\.png", row["path"])
        assert (out / row["path"]).read_bytes() == served(url), url
    assert f"images stored {len(urls)}, failed 0" in summary(result)
    loud = [line for line in result.stderr.splitlines() if re.search(r"\] (WARNING|ERROR|CRITICAL): ", line)]
    assert loud == []
    # Every image request named Sina (or nothing) as its Referer; none was refused as a hotlink.
    assert referers and set(referers) == {"ok"}
    assert not [e for e in log if e.get("fault") == "hotlink"]
    hosts = {e["host"] for e in log if IMAGE_PATH.fullmatch(e["path"])}
    assert hosts == {"n.sinaimg.cn"}


def test_each_article_records_the_images_it_uses(default_crawl) -> None:
    out, *_ = default_crawl
    db = sqlite3.connect(out / "catalog.sqlite3")
    used = set(db.execute("SELECT doc_id, url FROM images_used"))
    db.close()
    expected = set()
    for text in posts(out).values():
        doc_id = re.search(r"^docid: (\w+)$", text.decode(), re.MULTILINE)[1]
        expected |= {(doc_id, img.get("src")) for img in body_images(text.decode())}
    assert used == expected


def fault_targets(site, count: int) -> list[str]:
    """Paths of ``count`` images of archived 国内 articles, each from a different article."""
    paths = []
    for doc_id in sorted(listed_ids(site, ["国内"], 1)):
        images = site.get(doc_id).images
        if images:
            paths.append(urlsplit("https:" + images[-1].url).path)
    assert len(paths) >= count
    return paths[:count]


def stored_files(output: Path, url: str) -> list[Path]:
    key = url_key(url)
    return list((output / "images" / key[:2] / key[2:4]).glob(f"{key}.*"))


def test_a_bad_image_is_not_stored_is_counted_and_is_tried_again(site, tmp_path: Path) -> None:
    missing, cut, html, huge, slow = fault_targets(site, 5)
    rules = [
        always(re.escape(missing) + "$", 404),
        truncated(re.escape(cut) + "$", times=None),
        html_as_image(re.escape(html) + "$"),
        huge_image(re.escape(huge) + "$", 300_000),
        hang(re.escape(slow) + "$", 1.0, times=None),
    ]
    url = {path: f"https://n.sinaimg.cn{path}" for path in (missing, cut, html, huge, slow)}
    settings = {"SINAARCHIVE_IMAGE_MAX_SIZE": "200000", "SINAARCHIVE_IMAGE_GONE_AFTER": "3"}
    out, plain = tmp_path / "out", tmp_path / "plain"
    out.mkdir(), plain.mkdir()
    with run_simulator(site) as sim:
        sim.rules.extend(rules)
        first = image_crawl(sim, out, settings=settings)
        plain_crawl(sim, plain)
        assert posts(out) == posts(plain), "a failed image must not change its post"
        rows = catalog_images(out)
        reasons = {path: rows[url[path]]["reason"] for path in (missing, cut, html, huge)}
        assert reasons == {missing: "http_404", cut: "truncated", html: "html", huge: "too_large"}
        for path in (missing, cut, html, huge):
            assert rows[url[path]]["status"] == "failed" and rows[url[path]]["attempts"] == 1
            assert stored_files(out, url[path]) == [], f"nothing may be stored for {path}"
        assert rows[url[slow]]["status"] == "stored", "a slow image is waited for"
        assert "failed 4 (html=1, http_404=1, too_large=1, truncated=1)" in summary(first)
        assert first.stderr.count("image not stored (") == 4, "each refusal is logged once, as a warning"
        # The one ERROR is the retry middleware giving up on the truncated image, as it does for any request.
        errors = re.findall(r"\] (?:ERROR|CRITICAL): (.*)", first.stderr)
        assert len(errors) == 1 and errors[0].startswith("Gave up retrying"), errors
        stats = maintenance("stats", out).stdout
        assert "images failed: 4 (tried again on the next run)" in stats

        # Next run, nothing new: exactly the four failed images are asked for again.
        sim.reset_log()
        second = image_crawl(sim, out, settings=settings)
        assert sorted(set(image_requests(sim))) == sorted({missing, cut, html, huge})
        assert catalog_images(out)[url[missing]]["attempts"] == 2
        assert "summary: new 0" in summary(second)

        # The faults clear except the 404: three are stored now, the 404 is given up after its third run.
        del sim.rules[1:]
        sim.reset_log()
        image_crawl(sim, out, settings=settings)
        rows = catalog_images(out)
        for path in (cut, html, huge):
            assert rows[url[path]]["status"] == "stored", (rows[url[path]]["reason"], rows[url[path]]["attempts"])
            assert (out / rows[url[path]]["path"]).read_bytes() == served(url[path])
        assert rows[url[missing]]["status"] == "gone"
        assert "images gone: 1" in maintenance("stats", out).stdout
        sim.reset_log()
        image_crawl(sim, out, settings=settings)
        assert image_requests(sim) == []
    assert posts(out) == posts(plain)


def test_a_second_run_requests_no_image_and_a_deleted_image_is_named_and_fetched_again(site, tmp_path: Path) -> None:
    with run_simulator(site) as sim:
        image_crawl(sim, tmp_path)
        sim.reset_log()
        second = image_crawl(sim, tmp_path)
        assert image_requests(sim) == [], "nothing new: no image request"
        assert "images stored" not in summary(second)
        check = maintenance("verify", tmp_path)
        assert check.returncode == 0 and "verify: archive is sound" in check.stdout, check.stdout

        row = min(catalog_images(tmp_path).values(), key=lambda r: r["url"])
        (tmp_path / row["path"]).unlink()
        check = maintenance("verify", tmp_path)
        assert check.returncode == 1
        assert f"missing image: {row['path']} ({row['url']})" in check.stdout
        assert "images missing: 1" in maintenance("stats", tmp_path).stdout

        sim.reset_log()
        image_crawl(sim, tmp_path)
        assert image_requests(sim) == [urlsplit(row["url"]).path]
        assert (tmp_path / row["path"]).read_bytes() == served(row["url"])
        assert maintenance("verify", tmp_path).returncode == 0


def test_an_updated_article_fetches_only_the_images_it_did_not_have(site, tmp_path: Path) -> None:
    doc_id = next(d for d in sorted(listed_ids(site, ["国内"], 1)) if len(site.get(d).images) >= 2)
    images = [urlsplit("https:" + image.url).path for image in site.get(doc_id).images]
    with run_simulator(site) as sim:
        sim.rules.append(always(re.escape(images[-1]) + "$", 404))
        image_crawl(sim, tmp_path)
        sim.rules.clear()
        sim.touch(doc_id)
        sim.reset_log()
        result = image_crawl(sim, tmp_path)
        assert "updated 1" in summary(result)
        assert image_requests(sim) == [images[-1]], "only the image it did not have"
        assert catalog_images(tmp_path)[f"https://n.sinaimg.cn{images[-1]}"]["status"] == "stored"


def local_links(text: str) -> list[str]:
    links = [img.get("src") for img in body_images(text)]
    links += re.findall(r"^(?:headimg|thumbnail): '([^']*)'$", text.split("\n---\n", 1)[0], re.MULTILINE)
    return links


def test_local_links_point_at_the_stored_files_and_switch_back_without_downloading(site, tmp_path: Path) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    out.mkdir(), plain.mkdir()
    with run_simulator(site) as sim:
        image_crawl(sim, out, settings={"SINAARCHIVE_IMAGE_LINKS": "local"})
        plain_crawl(sim, plain)
        local = posts(out)
        count = 0
        for text in local.values():
            for img in body_images(text.decode()):
                count += 1
                src, original = img.get("src"), img.get("data-sina-src")
                assert src.startswith("/images/"), src
                assert (out / src.lstrip("/")).read_bytes() == served(original)
            for link in local_links(text.decode()):
                assert (out / link.lstrip("/")).is_file()
        assert count >= 10
        assert maintenance("verify", out).returncode == 0
        # rebuild reads the original URLs back from data-sina-src: same image rows, links still known as local.
        before = catalog_images(out)
        assert maintenance("rebuild", out).returncode == 0
        assert {u: (r["path"], r["sha256"], r["status"]) for u, r in catalog_images(out).items()} == {
            u: (r["path"], r["sha256"], r["status"]) for u, r in before.items()
        }
        db = sqlite3.connect(out / "catalog.sqlite3")
        assert {linked for (linked,) in db.execute("SELECT linked FROM images_used")} == {1}
        db.close()

        sim.reset_log()
        image_crawl(sim, out)  # back to Sina's URLs: posts as an images-off crawl writes them, nothing downloaded
        assert posts(out) == posts(plain)
        assert image_requests(sim) == []
        assert maintenance("verify", out).returncode == 0
        image_crawl(sim, out, settings={"SINAARCHIVE_IMAGE_LINKS": "local"})
        assert posts(out) == local
        assert image_requests(sim) == []


def test_rebuild_recovers_the_image_records(default_crawl, tmp_path: Path) -> None:
    import shutil

    out, *_ = default_crawl
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    before = catalog_images(copy)
    (copy / "catalog.sqlite3").unlink()
    for extra in copy.glob("catalog.sqlite3-*"):
        extra.unlink()
    assert maintenance("rebuild", copy).returncode == 0
    after = catalog_images(copy)
    keys = ("path", "size", "sha256", "media_type", "status")
    assert {u: [r[k] for k in keys] for u, r in after.items()} == {u: [r[k] for k in keys] for u, r in before.items()}
    assert maintenance("verify", copy).returncode == 0


@pytest.mark.hexo
def test_hexo_builds_local_link_posts_with_their_images(site, tmp_path: Path) -> None:
    from hexo_build import ExpectedPost, build, report, require_node

    node = require_node()
    out = tmp_path / "out"
    out.mkdir()
    with run_simulator(site) as sim:
        image_crawl(sim, out, settings={"SINAARCHIVE_IMAGE_LINKS": "local"})
    files = {name: data.decode("utf-8") for name, data in posts(out).items()}
    assets = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "images").rglob("*") if p.is_file()}
    result = build(node, tmp_path / "hexo", files, [ExpectedPost(name) for name in files], assets)
    assert result.returncode == 0, report(result, [result.log])
    problems = result.problems()
    assert problems == [], report(result, problems)
    public = result.site / "public"
    referenced = set()
    for page in public.rglob("*.html"):
        referenced |= set(re.findall(r'src="(/images/[0-9a-f/]+\.png)"', page.read_text(encoding="utf-8")))
    wanted = {"/" + name for name in assets}
    assert len(wanted) >= 10
    assert wanted <= referenced, "every stored image is shown by a built page"
    for link in referenced:
        assert (public / link.lstrip("/")).read_bytes() == (out / link.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("SINAARCHIVE_IMAGE_LINKS", "relative", "SINAARCHIVE_IMAGE_LINKS='relative': use one of sina, local"),
        ("SINAARCHIVE_IMAGE_MAX_SIZE", "0", "SINAARCHIVE_IMAGE_MAX_SIZE='0' must be a whole number, 1 or more"),
        ("SINAARCHIVE_IMAGE_GONE_AFTER", "x", "SINAARCHIVE_IMAGE_GONE_AFTER='x' must be a whole number"),
    ],
)
def test_a_bad_image_setting_stops_the_run_before_any_request(tmp_path: Path, setting, value, message) -> None:
    result = crawl("http://127.0.0.1:9/api/roll/get", tmp_path, settings={**IMAGES_ON, setting: value})
    assert result.returncode == 2
    assert message in result.stderr


def test_a_stopped_crawl_leaves_its_unfinished_images_for_the_next_run(site, tmp_path: Path) -> None:
    import os
    import signal
    import time

    from crawling import crawl_command

    log = tmp_path / "crawl.log"
    with run_simulator(site) as sim:
        sim.rules.append(hang(re.compile(r"\.png$"), 2.0, times=None))
        command = crawl_command(sim.roll_api, tmp_path, "-a", "max_pages=1", settings=IMAGES_ON)
        env = {**os.environ, "http_proxy": sim.base_url, "no_proxy": "", "NO_PROXY": ""}
        with log.open("wb") as sink:
            process = subprocess.Popen(command, cwd=PROJECT, stdout=sink, stderr=sink, env=env)
            deadline = time.monotonic() + 60
            while not image_requests(sim) and time.monotonic() < deadline:
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 6
        text = log.read_text(encoding="utf-8")
        assert not re.search(r"\] (ERROR|CRITICAL): |Traceback", text), text[-3000:]
        assert {row["reason"] for row in catalog_images(tmp_path).values()} <= {""}, "a stop is no image's failure"
        sim.rules.clear()
        image_crawl(sim, tmp_path)
        rows = catalog_images(tmp_path).values()
        assert rows and {row["status"] for row in rows} == {"stored"}
        assert maintenance("verify", tmp_path).returncode == 0


def test_the_warc_files_hold_every_stored_image_as_served(default_crawl) -> None:
    """Image downloads pass the downloader middlewares, so WARC capture (on by default) records them too."""
    from warcio.archiveiterator import ArchiveIterator

    out, _, _, _, _ = default_crawl
    captured = {}
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    captured[urlsplit(uri).path] = record.content_stream().read()
    stored = [url for url, row in catalog_images(out).items() if row["status"] == "stored"]
    assert stored
    for url in stored:
        assert captured.get(urlsplit(url).path) == served(url), url


def reextract(output: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "sinaarchive", "reextract", "--output", str(output), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def delete_posts_and_catalog(output: Path) -> None:
    for name in posts(output):
        (output / name).unlink()
    for path in output.glob("catalog.sqlite3*"):
        path.unlink()


def catalog_state(output: Path) -> tuple[dict, set, dict]:
    """Image rows (without times), images_used rows with their linked flag, and each article's post hash."""
    keys = ("path", "size", "sha256", "media_type", "status", "attempts", "reason")
    images = {url: tuple(row[k] for k in keys) for url, row in catalog_images(output).items()}
    db = sqlite3.connect(output / "catalog.sqlite3")
    try:
        used = set(db.execute("SELECT doc_id, url, linked FROM images_used"))
        hashes = dict(db.execute("SELECT doc_id, sha256 FROM articles"))
    finally:
        db.close()
    return images, used, hashes


def test_reextract_of_a_local_link_archive_gives_the_crawls_posts_and_catalog(site, tmp_path: Path) -> None:
    """The posts and catalog deleted, ``reextract --image-links local`` brings back what the crawl left, from the
    WARC files and the stored images alone; without the option it follows the settings, as the crawl does."""
    out, plain = tmp_path / "out", tmp_path / "plain"
    out.mkdir(), plain.mkdir()
    with run_simulator(site) as sim:
        image_crawl(sim, out, settings={"SINAARCHIVE_IMAGE_LINKS": "local"})
        plain_crawl(sim, plain)
    crawled, state = posts(out), catalog_state(out)
    assert crawled != posts(plain) and state[0] and {linked for *_, linked in state[1]} == {1}

    delete_posts_and_catalog(out)
    again = reextract(out, "--image-links", "local")
    assert again.returncode == 0, again.stderr
    assert f"{len(crawled)} rewritten, 0 unchanged" in again.stdout
    assert posts(out) == crawled
    assert catalog_state(out) == state
    check = maintenance("verify", out)
    assert check.returncode == 0 and "verify: archive is sound" in check.stdout, check.stdout
    twice = reextract(out, "--image-links", "local", "--jobs", "2")
    assert f"0 rewritten, {len(crawled)} unchanged" in twice.stdout, twice.stderr
    assert catalog_state(out) == state

    # rebuild reads the same rows and links back from these posts.
    assert maintenance("rebuild", out).returncode == 0
    assert catalog_state(out)[:2] == state[:2]

    # Without the option, the settings decide: sinaarchive/settings.py says sina, so the posts point at Sina again.
    back = reextract(out)
    assert back.returncode == 0, back.stderr
    assert posts(out) == posts(plain)
    images, used, _ = catalog_state(out)
    assert images == state[0] and {linked for *_, linked in used} == {0}
    assert maintenance("verify", out).returncode == 0

    # A settings module saying local (SCRAPY_SETTINGS_MODULE, as for the crawl) makes local the default.
    (tmp_path / "localsettings.py").write_text(
        'from sinaarchive.settings import *  # noqa: F403\n\nSINAARCHIVE_IMAGE_LINKS = "local"\n', encoding="utf-8"
    )
    env = {"SCRAPY_SETTINGS_MODULE": "localsettings", "PYTHONPATH": f"{tmp_path}:{PROJECT}"}
    local = reextract(out, env=env)
    assert local.returncode == 0, local.stderr
    assert posts(out) == crawled
    assert catalog_state(out)[:2] == state[:2]
    assert maintenance("verify", out).returncode == 0


def test_reextract_of_a_default_archive_keeps_its_posts_and_recovers_its_image_rows(default_crawl, tmp_path) -> None:
    import shutil

    out, plain, *_ = default_crawl
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    state = catalog_state(copy)
    delete_posts_and_catalog(copy)
    again = reextract(copy)
    assert again.returncode == 0, again.stderr
    assert posts(copy) == posts(plain)
    assert catalog_state(copy) == state
    check = maintenance("verify", copy)
    assert check.returncode == 0 and "verify: archive is sound" in check.stdout, check.stdout


def test_reextract_rejects_an_unknown_link_mode(tmp_path: Path) -> None:
    result = reextract(tmp_path, "--image-links", "relative")
    assert result.returncode == 2
    assert "invalid choice: 'relative'" in result.stderr
