"""Fault injection in the simulator (``faults.py``, ``hostile.py``), each fault seen through real HTTP requests."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import parse_qs, urlsplit

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from crawling import simulator_cli
from sinaarchive.channels import DEFAULT_CHANNEL
from sinaarchive.items import RollEntry
from sinaarchive.parsing.antibot import anti_bot_reason
from sinaarchive.parsing.article import NotAnArticle, parse_article
from sinaarchive.parsing.listing import parse_roll_page, roll_url
from sinasim import Simulator, build_site, faults, run_simulator
from sinasim.hostile import (
    HOSTILE_BLOCKS,
    TITLE_LENGTH,
    hostile_title,
    make_bodyless,
    make_empty_body,
    make_hostile,
)
from sinasim.site import SimArticle

CHINA_LID, CHINA_PAGEID = 1686, 155


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    def json(self):
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8")


def get(sim: Simulator, target: str, *, timeout: float = 3.0) -> Reply:
    """One GET on its own connection (closed afterwards): the fault cannot leak into the next request."""
    connection = http.client.HTTPConnection(sim.host, sim.port, timeout=timeout)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def path(sim: Simulator, article: SimArticle) -> str:
    return urlsplit(sim.article_url(article)).path


def roll_target(page: int = 1, num: int = 50) -> str:
    return roll_url("/api/roll/get", pageid=CHINA_PAGEID, lid=CHINA_LID, num=num, page=page)


@pytest.fixture(scope="module")
def shared_sim() -> Iterator[Simulator]:
    with run_simulator(build_site(400, seed=1)) as simulator:
        yield simulator


@pytest.fixture
def sim(shared_sim: Simulator) -> Iterator[Simulator]:
    """The module's simulator with no rules and an empty log (tests that change the site use their own)."""
    shared_sim.rules.clear()
    shared_sim.reset_log()
    yield shared_sim
    shared_sim.rules.clear()


@pytest.fixture
def own_sim() -> Iterator[Simulator]:
    with run_simulator(build_site(400, seed=1)) as simulator:
        yield simulator


def v2017(sim: Simulator, index: int = 0) -> SimArticle:
    return [a for a in sim.site.listing(CHINA_LID) if a.era == "v2017"][index]


def statuses(sim: Simulator) -> list[int]:
    return [entry["status"] for entry in sim.requests()]


# --- HTTP status faults --------------------------------------------------------------------------------------


def test_status_sequence_then_normal_service(sim: Simulator) -> None:
    article, other = v2017(sim, 0), v2017(sim, 1)
    rule = faults.status_sequence(faults.article_path(article), [503, 503])
    sim.rules.append(rule)
    assert get(sim, path(sim, other)).status == 200  # another article is not affected
    first = get(sim, path(sim, article))
    assert first.status == 503 and b"503 Service Unavailable" in first.body and "Retry-After" not in first.headers
    assert get(sim, path(sim, article)).status == 503
    assert get(sim, path(sim, article)).status == 200
    assert get(sim, path(sim, article)).status == 200
    assert rule.hits == 2
    assert statuses(sim) == [200, 503, 503, 200, 200]


def test_status_sequence_429_with_retry_after(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.status_sequence(faults.article_path(article.doc_id), [429], retry_after=2))
    reply = get(sim, path(sim, article))
    assert reply.status == 429 and reply.headers["Retry-After"] == "2"
    assert get(sim, path(sim, article)).status == 200


def test_match_forms_regex_on_path_and_query_string_and_predicate(sim: Simulator) -> None:
    sim.rules.extend(
        [
            faults.status_sequence(re.compile(r"[?&]page=2(&|$)"), [502] * 5),
            faults.status_sequence(r"^/robots\.txt$", [500]),
            faults.status_sequence(lambda request: request.params.get("num") == "7", [504]),
            faults.always(re.compile(".*"), 418),
        ]
    )
    assert get(sim, roll_target(page=2)).status == 502
    assert get(sim, "/robots.txt").status == 500
    assert get(sim, roll_target(num=7)).status == 504
    assert get(sim, "/__sim__/requests").status == 200  # control endpoints never match a rule
    assert get(sim, roll_target()).status == 418


def test_always_is_permanent(sim: Simulator) -> None:
    missing, broken = v2017(sim, 0), v2017(sim, 1)
    sim.rules.extend(
        [faults.always(faults.article_path(missing), 404), faults.always(faults.article_path(broken), 500)]
    )
    for _ in range(3):
        reply = get(sim, path(sim, missing))
        assert reply.status == 404 and "页面没有找到" in reply.text()
        assert get(sim, path(sim, broken)).status == 500


# --- connection faults ---------------------------------------------------------------------------------------


def test_hang_exceeds_a_short_client_timeout_then_serves(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.hang(faults.article_path(article), None, times=1))
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        get(sim, path(sim, article), timeout=0.5)
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    assert get(sim, path(sim, article)).status == 200  # the next request is served at once
    assert time.monotonic() - started < 0.5
    assert sim.requests()[0]["fault"] == "hang"


def test_finite_hang_answers_normally_afterwards(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.hang(faults.article_path(article), 0.3))
    started = time.monotonic()
    reply = get(sim, path(sim, article), timeout=3)
    assert time.monotonic() - started >= 0.3
    assert reply.status == 200 and reply.body.rstrip().endswith(b"</html>")


def test_drop_connection_raises_then_serves(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.drop_connection(faults.article_path(article), times=2))
    with pytest.raises(http.client.RemoteDisconnected):
        get(sim, path(sim, article))
    with pytest.raises(ConnectionError):
        get(sim, path(sim, article))
    assert get(sim, path(sim, article)).status == 200
    assert [(e["status"], e.get("fault")) for e in sim.requests()] == [(0, "drop"), (0, "drop"), (200, None)]


def test_reset_connection_sends_an_rst(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.drop_connection(faults.article_path(article), reset=True))
    with pytest.raises(ConnectionResetError):
        get(sim, path(sim, article))
    assert get(sim, path(sim, article)).status == 200


def test_truncated_body_is_shorter_than_its_content_length(sim: Simulator) -> None:
    article = v2017(sim)
    full = get(sim, path(sim, article)).body
    sim.rules.append(faults.truncated(faults.article_path(article), keep=0.5))
    with pytest.raises(http.client.IncompleteRead) as error:
        get(sim, path(sim, article))
    assert len(error.value.partial) == len(full) // 2 and error.value.expected == len(full) - len(full) // 2
    assert get(sim, path(sim, article)).body == full


def test_truncated_unframed_close_delimited_ends_mid_body(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.truncated_unframed(faults.article_path(article)))
    reply = get(sim, path(sim, article))  # no protocol error: the body ends where the connection does
    assert reply.status == 200 and "Content-Length" not in reply.headers
    assert reply.headers["Connection"] == "close"
    assert b"</html>" not in reply.body and reply.body.endswith(b"</p>")
    page = Selector(text=reply.text())
    assert page.css("h1.main-title::text").get() == article.title
    assert page.css("#artibody > p").xpath("string()").getall() == [article.paragraphs[0]]
    assert b"</html>" in get(sim, path(sim, article)).body


def test_truncated_unframed_chunked_is_a_complete_response(sim: Simulator) -> None:
    article = v2017(sim)
    full = get(sim, path(sim, article)).body
    sim.rules.append(faults.truncated_unframed(faults.article_path(article), keep=0.6, chunked=True))
    reply = get(sim, path(sim, article))
    assert reply.status == 200 and reply.headers["Transfer-Encoding"] == "chunked"
    assert reply.body == full[: int(len(full) * 0.6)] and b"</html>" not in reply.body


@pytest.mark.parametrize("era", ["v2017", "v2014", "news"])
def test_a_page_cut_before_its_body_is_retried(sim: Simulator, era: str) -> None:
    """Real pages have 60-150 KB of chrome before the body: a transfer cut there loses the whole article."""
    article = next(a for a in sim.site.articles if a.era == era)
    full = get(sim, path(sim, article)).body
    cut = full[: full.index(b'id="arti')]  # inside the body container's start tag: the body is gone
    response = HtmlResponse(url=article.real_url, body=cut, encoding="utf-8")
    with pytest.raises(NotAnArticle) as caught:
        parse_article(
            response,
            entry=RollEntry(doc_id=article.doc_id, url=article.real_url),
            channel=DEFAULT_CHANNEL,
            crawled_at=None,
        )
    assert caught.value.reason == "truncated"


def test_bad_keep_is_rejected_at_once() -> None:
    with pytest.raises(ValueError, match="keep"):
        faults.truncated(faults.ROLL_API, keep=1.0)


# --- roll-API faults -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cut", "html", "empty"])
def test_malformed_json(sim: Simulator, kind: str) -> None:
    sim.rules.append(faults.malformed_json(faults.roll_page(1, lid=CHINA_LID), kind=kind))
    reply = get(sim, roll_target())
    assert reply.status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.body)
    if kind == "cut":
        assert reply.body == b'{"result":{"status":'
    if kind == "html":
        assert reply.headers.get_content_type() == "text/html" and "系统繁忙" in reply.text()
    assert get(sim, roll_target()).json()["result"]["status"]["code"] == 0  # served once


def test_status_not_zero(sim: Simulator) -> None:
    sim.rules.append(faults.status_not_zero())
    assert get(sim, roll_target()).json() == {"result": {"status": {"code": 1, "msg": "未注册"}, "data": []}}
    assert get(sim, roll_target()).json()["result"]["status"]["code"] == 0


def test_data_not_list(sim: Simulator) -> None:
    sim.rules.append(faults.data_not_list())
    result = get(sim, roll_target()).json()["result"]
    assert result["data"] == {} and result["status"] == {"code": 0, "msg": "succ"} and "total" in result
    assert len(get(sim, roll_target()).json()["result"]["data"]) == 50


def test_items_missing_fields(sim: Simulator) -> None:
    sim.rules.append(faults.items_missing_fields())
    body = get(sim, roll_target()).body
    items = json.loads(body)["result"]["data"]
    assert not {"url", "urls", "wapurl", "wapurls"} & set(items[1]) and "docid" in items[1]
    assert "docid" not in items[2] and "url" in items[2]
    assert "ctime" not in items[3]
    parsed = parse_roll_page(body.decode())
    assert parsed.raw_count == 50 and parsed.skipped == 1
    listing = sim.site.listing(CHINA_LID)
    assert parsed.entries[1].doc_id == listing[2].doc_id  # recovered from the URL
    assert parsed.entries[2].ctime == 0


def test_items_missing_fields_by_doc_id_composes_with_duplicates(sim: Simulator) -> None:
    listing = sim.site.listing(CHINA_LID)
    target = listing[49]  # last of page 1, first of page 2 once shifted
    sim.rules.extend([faults.items_missing_fields(missing={target.doc_id: ["url"]}), faults.duplicate_items()])
    for page in (1, 2):
        data = get(sim, roll_target(page)).json()["result"]["data"]
        item = next(i for i in data if i["docid"] == f"comos:{target.doc_id}")
        assert "url" not in item


def test_duplicate_items_within_and_across_pages(sim: Simulator) -> None:
    listing = [a.doc_id for a in sim.site.listing(CHINA_LID)]
    assert 50 < len(listing) < 100
    sim.rules.append(faults.duplicate_items(repeat=1, overlap=2))
    pages = []
    for page in (1, 2, 3):
        result = get(sim, roll_target(page)).json()["result"]
        pages.append([item["docid"].removeprefix("comos:") for item in result["data"]])
    first, second, third = pages
    assert first[:2] == [listing[0], listing[0]] and first[2:] == listing[1:50]
    assert second[:3] == [listing[48], listing[48], listing[49]]  # the last two of page 1 again
    assert second[3:] == listing[50:98]
    assert third == []
    assert set(first) | set(second) == set(listing)


# --- anti-bot and access faults ------------------------------------------------------------------------------


def test_antibot_page_is_a_200_captcha_without_article(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.antibot_page(faults.article_path(article)))
    for _ in range(2):
        reply = get(sim, path(sim, article))
        assert reply.status == 200
        page = Selector(text=reply.text())
        assert page.css("title::text").get() == "新浪验证"
        assert "访问过于频繁，请输入验证码" in reply.text()
        assert page.css("form::attr(action)").get().startswith("https://login.sina.com.cn/")
        assert not page.css("h1, #artibody, .article, meta[name='publishid']")
        assert anti_bot_reason(page) is not None


def test_redirect_to_login_on_the_simulator(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.redirect_to_login(faults.article_path(article)))
    reply = get(sim, path(sim, article))
    assert reply.status == 302
    location = urlsplit(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == sim.base_url and location.path == "/signin.php"
    assert parse_qs(location.query) == {"entry": ["finance"], "r": [sim.article_url(article)]}
    with urllib.request.urlopen(sim.article_url(article), timeout=3) as followed:  # follows the redirect
        assert followed.status == 200 and followed.url.startswith(f"{sim.base_url}/signin.php?")
        page = Selector(text=followed.read().decode())
    assert page.css("form::attr(action)").get().startswith("https://login.sina.com.cn/sso/login.php")
    assert anti_bot_reason(page) is not None
    assert [e["status"] for e in sim.requests()] == [302, 302, 200]


def test_redirect_to_the_real_login_host(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.redirect_to_login(faults.article_path(article), local=False))
    location = get(sim, path(sim, article)).headers["Location"]
    assert location.startswith("https://login.sina.com.cn/signup/signin.php?entry=finance&r=http%3A%2F%2F127.0.0.1")


def test_forbidden(sim: Simulator) -> None:
    article = v2017(sim)
    sim.rules.append(faults.forbidden(faults.article_path(article)))
    reply = get(sim, path(sim, article))
    assert reply.status == 403 and "403 Forbidden" in reply.text() and len(reply.body) < 300


# --- site-level content faults -------------------------------------------------------------------------------


def test_hostile_titles_and_bodies_in_roll_api_and_pages(own_sim: Simulator) -> None:
    sim = own_sim
    listing = sim.site.listing(CHINA_LID)[:50]
    targets = [next(a for a in listing if a.era == "v2017"), next(a for a in listing if a.era == "blk")]
    make_hostile(sim.site, [a.doc_id for a in targets])
    items = {i["docid"][6:]: i for i in get(sim, roll_target()).json()["result"]["data"]}
    for number, article in enumerate(targets):
        title = hostile_title(number)
        assert article.title == title and len(title) == TITLE_LENGTH
        for trap in ("'", '"', ": ", "#", "{{ x }}", "{% x %}", "\n", "../", "\x00", "\x07", "\x1b", "\x7f"):
            assert trap in title
        assert items[article.doc_id]["title"] == title
        body = get(sim, path(sim, article)).body.decode(article.encoding)
        for block in HOSTILE_BLOCKS:
            assert block in body
        # lxml stops at NUL (the crawler has to cope); HTML parsing turns CR into LF.
        page = Selector(text=body.replace("\x00", "\ufffd"))
        parsed_title = title.replace("\x00", "\ufffd").replace("\r", "\n")
        heading = "h1.main-title" if article.era == "v2017" else "h1#artibodyTitle"
        assert page.css(f"{heading}::text").get() == parsed_title
        assert page.css("title::text").get().startswith(parsed_title)
    with pytest.raises(KeyError):
        make_hostile(sim.site, ["nosuchid0000000"])


def test_empty_body_and_bodyless_pages(own_sim: Simulator) -> None:
    sim = own_sim
    empty, bodyless = v2017(sim, 0), v2017(sim, 1)
    make_empty_body(sim.site, [empty.doc_id])
    make_bodyless(sim.site, [bodyless.doc_id])
    page = Selector(text=get(sim, path(sim, empty)).text())
    body = page.css("#artibody")
    assert body and body.css(".appendQr_wrap") and body.css("ins.sinaads")
    assert body.css("p").xpath("string()").getall() == []  # no text at all, not even the editor line
    assert page.css("h1.main-title::text").get() == empty.title
    page = Selector(text=get(sim, path(sim, bodyless)).text())
    assert not page.css("#artibody, #article, div.article")
    assert page.css("h1.main-title::text").get() == bodyless.title and page.css("#video_box")
    assert page.xpath('//meta[@name="weibo: article:create_at"]/@content').get()
    other_era = next(a for a in sim.site.articles if a.era != "v2017")
    with pytest.raises(ValueError, match="need a v2017"):
        make_empty_body(sim.site, [other_era.doc_id])


# --- the preset ----------------------------------------------------------------------------------------------


def attempt(sim: Simulator, target: str) -> Reply | None:
    """One try as a crawler would make it; ``None`` for a network-level failure (timeout, drop, cut)."""
    try:
        return get(sim, target, timeout=0.3)
    except (TimeoutError, ConnectionError, http.client.HTTPException):
        return None


def usable_roll_page(reply: Reply | None) -> bool:
    if reply is None or reply.status != 200:
        return False
    try:
        parse_roll_page(reply.body.decode("utf-8", "replace"))
    except ValueError:
        return False
    return True


def whole_article(reply: Reply | None, article: SimArticle) -> bool:
    """A complete page with the article's text: ends with ``</html>`` and has the editor line after the body."""
    return (
        reply is not None
        and reply.status == 200
        and b"</html>" in reply.body
        and f"责任编辑：{article.editor}".encode(article.encoding) in reply.body
    )


def test_all_faults_preset_clears_every_retriable_fault_within_two_retries() -> None:
    site = build_site(400, seed=2)
    plan = faults.all_faults(site)
    assert {"archived", "failed", "dropped", "unlisted"} == set(plan.outcomes.values())
    assert len(plan.failed) == 4 and len(plan.dropped) == 2 and len(plan.unlisted) == 1 and len(plan.hostile) == 2
    assert plan.expected_archive(site) >= plan.archived
    with run_simulator(site) as sim:
        sim.rules.extend(plan.rules)
        listed: list[str] = []
        for page, faulty in ((1, 2), (2, 2), (3, 1)):  # three tries at most per roll page
            tries = [attempt(sim, roll_target(page)) for _ in range(3)]
            assert [usable_roll_page(reply) for reply in tries] == [False] * faulty + [True] * (3 - faulty)
            listed += [entry.doc_id for entry in parse_roll_page(tries[-1].text()).entries]
        assert set(listed) == {a.doc_id for a in site.listing(plan.lid)} - plan.unlisted
        for doc_id, outcome in plan.outcomes.items():
            article = site.get(doc_id)
            if outcome == "unlisted":
                continue
            tries = [attempt(sim, path(sim, article)) for _ in range(3)]
            if outcome == "archived":
                assert whole_article(tries[-1], article), plan.faults[doc_id]
                content_only = "hostile" in plan.faults[doc_id] or "roll item" in plan.faults[doc_id]
                assert whole_article(tries[0], article) == content_only, plan.faults[doc_id]
            else:
                assert not any(whole_article(reply, article) for reply in tries), plan.faults[doc_id]


def test_all_faults_needs_a_big_enough_site() -> None:
    with pytest.raises(ValueError, match="at least"):
        faults.all_faults(build_site(60))


# --- CLI -----------------------------------------------------------------------------------------------------


def test_cli_faults_all_serves_the_preset_and_writes_the_plan(tmp_path) -> None:
    plan_file = tmp_path / "plan.json"
    with simulator_cli("--port", "0", "--faults", "all", "--faults-plan", str(plan_file)) as cli:
        first, second = cli.process.stdout.readline(), cli.process.stdout.readline()
        assert "400 articles" in first and "scrapy crawl sina_finance" in first
        assert second.startswith("Faults: all") and "failed 4, dropped 2, unlisted 1" in second
        plan = json.loads(plan_file.read_text(encoding="utf-8"))
        assert plan["lid"] == 1686 and len(plan["outcomes"]) == 20
        base = re.search(r"http://127\.0\.0\.1:\d+", first).group(0)
        with urllib.request.urlopen(f"{base}{roll_target()}", timeout=3) as response:  # roll page 1: bad JSON
            assert response.status == 200 and response.read() == b'{"result":{"status":'
        with pytest.raises(urllib.error.HTTPError) as error:  # then a 503
            urllib.request.urlopen(f"{base}{roll_target()}", timeout=3)
        assert error.value.code == 503
        error.value.close()
    assert cli.process.returncode == 0 and "Traceback" not in cli.stderr


@pytest.mark.parametrize(
    "args", [["--faults", "some"], ["--faults-plan", "x.json"], ["--faults", "all", "--articles", "50"]]
)
def test_cli_rejects_bad_fault_arguments(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sinasim", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2 and "usage:" in result.stderr and "Traceback" not in result.stderr


def test_help_documents_the_faults_flag() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sinasim", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "--faults {all}" in result.stdout and "--faults-plan FILE" in result.stdout


def test_socket_closed_by_server_does_not_leak(sim: Simulator) -> None:
    """A raw client sees the reset as an exception; nothing is left open (ResourceWarnings are errors here)."""
    article = v2017(sim)
    sim.rules.append(faults.drop_connection(faults.article_path(article)))
    with socket.create_connection((sim.host, sim.port), timeout=2) as raw:
        raw.sendall(f"GET {path(sim, article)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert raw.recv(100) == b""
