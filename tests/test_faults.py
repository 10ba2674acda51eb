"""Real-world faults and hostile content, end to end: ``scrapy crawl sina_finance`` against the simulator with
fault rules (sinasim.faults). Each test names the handling it proves; run without that handling,
it fails (see the RETRY_TIMES=0 test for the retries themselves).
"""

from __future__ import annotations

import re
import unicodedata

import frontmatter
import pytest

from crawling import article_requests, crawl, posts, roll_requests
from hexo_build import build, check, require_node
from sinaarchive.archive.catalog import Catalog
from sinaarchive.maintenance import verify
from sinasim import faults
from sinasim.hostile import hostile_title
from sinasim.server import run_simulator
from sinasim.site import build_site

pytestmark = pytest.mark.slow
FAULTY = {"RETRY_TIMES": "2", "DOWNLOAD_TIMEOUT": "2"}


def archived_ids(root) -> set[str]:
    return {frontmatter.loads(data.decode("utf-8"))["docid"] for data in posts(root).values()}


def summary_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if "summary:" in line)


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory):
    """One crawl of a simulator with every fault of the preset switched on (see faults.all_faults)."""
    site = build_site(400, seed=0)
    plan = faults.all_faults(site)
    out = tmp_path_factory.mktemp("faulty")
    with run_simulator(site) as simulator:
        simulator.rules.extend(plan.rules)
        result = crawl(simulator.roll_api, out, settings=FAULTY)
        log = simulator.requests()
    return site, plan, out, result, log


def test_every_retriable_article_is_archived(faulty_crawl):
    site, plan, out, result, _ = faulty_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert archived_ids(out) == plan.expected_archive(site)


def test_permanent_failures_are_not_archived_and_are_logged_with_their_url(faulty_crawl):
    _, plan, out, result, _ = faulty_crawl
    archived = archived_ids(out)
    for doc_id in plan.failed | plan.dropped:
        assert doc_id not in archived
        assert f"doc-i{doc_id}.shtml" in result.stderr, doc_id
    reasons = summary_line(result)
    for reason in ("anti_bot=1", "http_403=1", "http_404=1", "login_redirect=1", "no_body=1", "empty_body=1"):
        assert reason in reasons


def test_nothing_partial_or_empty_is_written(faulty_crawl):
    _, _, out, _, _ = faulty_crawl
    for path, data in posts(out).items():
        body = frontmatter.loads(data.decode("utf-8")).content
        assert body.startswith("<div>\n<") and body.endswith("</div>"), path
        assert "责任编辑" in body, path  # the page's end made it into the post
    assert verify(out) == []
    assert not [p for p in out.rglob("*.tmp") if p.is_file()]


def test_garbled_roll_pages_were_retried_not_skipped(faulty_crawl):
    _, _, _, result, log = faulty_crawl
    first_pages = [r for r in roll_requests(log) if r.endswith("&page=1")]
    assert len(first_pages) >= 3  # bad JSON, then 503, then the real page
    assert "listing/failed" not in result.stderr


def test_duplicates_give_one_post_and_one_fetch(faulty_crawl):
    _, _, out, _, log = faulty_crawl
    ids = [frontmatter.loads(d.decode("utf-8"))["docid"] for d in posts(out).values()]
    assert len(ids) == len(set(ids))
    ok_fetches = [e["path"] for e in log if "/doc-i" in e["path"] and e["status"] == 200 and not e.get("fault")]
    assert len(ok_fetches) == len(set(ok_fetches))


def intended_title(title: str) -> str:
    """The title a reader should see: line breaks and tabs become spaces, other control characters go."""
    kept = "".join(" " if ch in "\t\n\r" else ch for ch in title if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    return re.sub(r" +", " ", kept).strip()


def test_hostile_titles_read_back_exactly_and_stay_inside_the_archive(faulty_crawl):
    _, plan, out, _, _ = faulty_crawl
    by_id = {frontmatter.loads(d.decode("utf-8"))["docid"]: (p, d) for p, d in posts(out).items()}
    for n, doc_id in enumerate(plan.hostile):
        path, data = by_id[doc_id]
        title = frontmatter.loads(data.decode("utf-8"))["title"]
        assert title == intended_title(hostile_title(n))
        assert "{{ x }}" in title and "{% x %}" in title and "../../etc/passwd" in title
        assert (out / path).resolve().is_relative_to(out.resolve())
        assert path.count("/") == 2 and ".." not in path


def test_hostile_bodies_keep_nothing_executable(faulty_crawl):
    _, plan, out, _, _ = faulty_crawl
    by_id = {frontmatter.loads(d.decode("utf-8"))["docid"]: d.decode("utf-8") for d in posts(out).values()}
    for doc_id in plan.hostile:
        body = frontmatter.loads(by_id[doc_id]).content
        assert not re.search(r"<(script|style|iframe|svg|object|embed|form|input)\b", body, re.IGNORECASE)
        assert not re.search(r"\son\w+\s*=", body, re.IGNORECASE)
        assert "javascript:" not in body.lower()
        assert "{" not in body and "}" not in body
        assert "图片之后的文字" in body and "恶意链接" in body  # the text around the traps is kept


@pytest.mark.hexo
def test_hexo_builds_the_whole_faulty_archive(faulty_crawl, tmp_path):
    node = require_node()
    _, _, out, _, _ = faulty_crawl
    files = {path: data.decode("utf-8") for path, data in posts(out).items()}
    built = build(node, tmp_path, files, [check.ExpectedPost(path) for path in files])
    assert built.returncode == 0, built.log[-2000:]
    assert built.problems() == []


def test_without_retries_transient_faults_fail_and_the_next_run_archives_them(tmp_path):
    site = build_site(120, seed=2)
    target = site.listing(1686)[2]
    with run_simulator(site) as simulator:
        simulator.rules.append(faults.status_sequence(faults.article_path(target), [503]))
        first = crawl(simulator.roll_api, tmp_path, settings={"RETRY_TIMES": "0"})
        assert target.doc_id not in archived_ids(tmp_path)
        assert "http_503=1" in summary_line(first)
        second = crawl(simulator.roll_api, tmp_path)
    assert first.returncode == 0 and second.returncode == 0
    assert target.doc_id in archived_ids(tmp_path)
    assert archived_ids(tmp_path) == {a.doc_id for a in site.listing(1686)}


def test_retry_after_is_honoured(tmp_path):
    site = build_site(60, seed=4)
    target = site.listing(1686)[0]
    with run_simulator(site) as simulator:
        simulator.rules.append(faults.status_sequence(faults.article_path(target), [429], retry_after=2))
        result = crawl(simulator.roll_api, tmp_path)
        hits = [e for e in simulator.requests() if target.doc_id in e["path"]]
    assert result.returncode == 0
    assert [e["status"] for e in hits] == [429, 200]
    assert hits[1]["time"] - hits[0]["time"] >= 1.9


def test_a_truncated_page_is_retried_and_never_archived_half(tmp_path):
    site = build_site(60, seed=6)
    always_cut, once_cut = site.listing(1686)[:2]
    with run_simulator(site) as simulator:
        simulator.rules.extend(
            [
                faults.truncated_unframed(faults.article_path(always_cut), times=None),
                faults.truncated_unframed(faults.article_path(once_cut), times=1),
            ]
        )
        result = crawl(simulator.roll_api, tmp_path, settings={"RETRY_TIMES": "2"})
    archived = archived_ids(tmp_path)
    assert once_cut.doc_id in archived and always_cut.doc_id not in archived
    assert "truncated=1" in summary_line(result)


def test_a_gone_page_is_remembered_and_retry_gone_fetches_it_again(tmp_path):
    site = build_site(60, seed=8)
    dead = site.listing(1686)[1]
    with run_simulator(site) as simulator:
        simulator.rules.append(faults.always(faults.article_path(dead), 404))
        fetches = []
        for _ in range(4):
            simulator.reset_log()
            crawl(simulator.roll_api, tmp_path)
            fetches.append(len([p for p in article_requests(simulator.requests()) if dead.doc_id in p]))
        simulator.reset_log()
        crawl(simulator.roll_api, tmp_path, "-a", "retry_gone=yes")
        again = [p for p in article_requests(simulator.requests()) if dead.doc_id in p]
    assert fetches == [1, 1, 1, 0]  # SINAARCHIVE_GONE_AFTER = 3 runs
    assert len(again) == 1
    catalog = Catalog.in_folder(tmp_path)
    try:
        assert catalog.gone([dead.doc_id], min_failures=1) == {dead.doc_id}
    finally:
        catalog.close()


def test_when_no_roll_page_can_be_read_the_run_fails_with_status_3(tmp_path):
    with run_simulator(build_site(60, seed=9)) as simulator:
        simulator.rules.append(faults.malformed_json(faults.ROLL_API, times=None))
        result = crawl(simulator.roll_api, tmp_path, "-a", "channels=国内,美股")
        requests = roll_requests(simulator.requests())
    assert result.returncode == 3
    assert "bad_json=2" in summary_line(result)
    assert len(requests) == 4  # each channel's page 1, once and one retry (RETRY_TIMES=1 in these tests)
    assert posts(tmp_path) == {}


def test_pages_without_article_are_remembered_so_a_quiet_run_stays_one_request(tmp_path):
    from sinasim.hostile import make_bodyless, make_empty_body

    site = build_site(60, seed=12)
    v2017 = [a for a in site.listing(1686) if a.era == "v2017"]
    make_bodyless(site, [v2017[0].doc_id])
    make_empty_body(site, [v2017[1].doc_id])
    with run_simulator(site) as simulator:
        for _ in range(3):
            crawl(simulator.roll_api, tmp_path)
        simulator.reset_log()
        quiet = crawl(simulator.roll_api, tmp_path)
        log = simulator.requests()
    assert quiet.returncode == 0
    assert [e["path"] for e in log] == ["/api/roll/get"]


def test_robots_txt_is_obeyed_and_requests_say_who_we_are(tmp_path):
    from sinasim.server import SimResponse

    site = build_site(60, seed=14)
    seen_headers = []

    def robots_and_headers(request):
        seen_headers.append(dict(request.headers))
        if request.path == "/robots.txt":
            return SimResponse(body=b"User-agent: *\nDisallow: /china/\n", content_type="text/plain")
        return None

    with run_simulator(site) as simulator:
        simulator.rules.append(robots_and_headers)
        result = crawl(simulator.roll_api, tmp_path, settings={"SINAARCHIVE_CONTACT": "ops@example.org"})
        fetched = article_requests(simulator.requests())
    listed = site.listing(1686)
    assert result.returncode == 0
    assert not any(path.startswith("/china/") for path in fetched)
    assert {a.doc_id for a in listed if not a.path.startswith("/china/")} == archived_ids(tmp_path)
    agents = {h.get("User-Agent") or h.get("user-agent") for h in seen_headers}
    assert agents == {"sinaarchive/0.1 (Sina Finance news archiver; Scrapy; contact: ops@example.org)"}
    assert {h.get("Referer") or h.get("referer") for h in seen_headers} == {"https://finance.sina.com.cn/"}
    forbidden = sum(1 for a in listed if a.path.startswith("/china/"))
    assert forbidden > 0
    assert f"skipped {forbidden}, failed 0" in summary_line(result)  # a robots.txt refusal is not a failure
