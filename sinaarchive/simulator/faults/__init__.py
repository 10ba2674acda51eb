"""Fault injection for the simulator: small rule constructors for ``Simulator.rules``, and the ``all_faults`` preset.

Each constructor returns a rule (a callable ``rule(request) -> SimResponse | None``, see ``server.py``) that
answers the requests ``match`` selects, at most ``times`` times (``None``: every time; counters are thread-safe),
and then passes (``None``), so routing or the next rule answers. ``rule.hits`` counts the requests it answered.

``match`` is a compiled regex, searched in the path and then in ``path?query``; a string (compiled as a regex);
or a predicate on ``SimRequest``. Helpers: ``article_path(article_or_doc_id)``, ``roll_page(page, lid=…)``,
``ROLL_API``. Control requests (``/__sim__/…``) never match.

What the crawler (Scrapy, Twisted) sees:

==========================================  ===========================================================================
``status_sequence(m, [503, 503])``          503, 503, then the normal page (``retry_after=2``: ``Retry-After: 2``)
``always(m, 404)``                          that status on every request (404: Sina's 404 page)
``hang(m, seconds, times=1)``               nothing for ``seconds`` (``None``: until the client gives up), then the
                                            normal page: a ``DOWNLOAD_TIMEOUT`` shorter than that gives TimeoutError
``drop_connection(m, times=1)``             the socket closes before any response byte: ResponseNeverReceived
                                            (``reset=True``: an RST, ConnectionLost / ConnectionResetError)
``truncated(m, times=1, keep=0.5)``         full ``Content-Length``, part of the body, close: ResponseFailed
                                            ([_DataLoss]); with ``DOWNLOAD_FAIL_ON_DATALOSS=False`` a "dataloss" flag
``truncated_unframed(m, times=1)``          200, no Content-Length; close-delimited (flag "partial") or ``chunked``
                                            (properly ended): no protocol error, the page just stops mid-body
``malformed_json(m)``                       roll page 200 with ``{"result":{"status":`` (``kind="html"``: an HTML
                                            error page; ``kind="empty"``: no body)
``status_not_zero(m)``                      ``{"result":{"status":{"code":1,"msg":"未注册"},"data":[]}}``
``data_not_list(m)``                        the normal page with ``"data":{}``
``items_missing_fields(m, missing=…)``      the normal page, some items without ``url`` / ``docid`` / ``ctime``
``duplicate_items(m, repeat=1, overlap=2)`` items repeated within a page and the listing shifted across pages
``antibot_page(m)``                         200 captcha page (``新浪验证``, form to login.sina.com.cn), no article
``redirect_to_login(m)``                    302 to ``/signin.php?entry=finance&r=<url>`` on the simulator, which
                                            serves a login page (``local=False``: to login.sina.com.cn itself)
``forbidden(m)``                            403 with a short HTML body
==========================================  ===========================================================================

Twisted's connection pool silently re-sends a GET once when a *reused* keep-alive connection closes before any
response, so ``drop_connection`` on such a connection may be absorbed before Scrapy sees it (the request log
still shows the drop: entries of faulty answers carry a ``fault`` label).

Roll transforms (``items_missing_fields``, ``duplicate_items``) edit what the rules after them and the routing
answer; the first rule in ``sim.rules`` is the outermost. ``duplicate_items`` rebuilds shifted pages from the
site, so put ``items_missing_fields`` *before* it.

``all_faults(site)`` turns every fault on at once over different articles and roll pages and says which doc ids
must end up archived, failed, dropped or unlisted (``FaultPlan``); ``python -m sinaarchive.simulator --faults all``
serves it. Site-level content faults (hostile titles and bodies, empty bodies) are in ``hostile.py``.
"""

from __future__ import annotations

import json
import re
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import quote

from sinaarchive.simulator import pages, rollapi
from sinaarchive.simulator.hostile import make_bodyless, make_empty_body, make_hostile
from sinaarchive.simulator.server import (
    CONTROL_PREFIX,
    HTML_TYPE,
    JSON_TYPE,
    Rule,
    SimRequest,
    SimResponse,
    SimulatorApp,
)
from sinaarchive.simulator.site import SimArticle, Site

Match = re.Pattern[str] | str | Callable[[SimRequest], bool]
Downstream = Callable[[], SimResponse]

ROLL_API = re.compile(r"/api/roll/get$")
SIGNIN_PATH = "/signin.php"
LOGIN_URL = "https://login.sina.com.cn/signup/signin.php"


# --- matching and counting -----------------------------------------------------------------------------------

def article_path(target: SimArticle | str) -> re.Pattern[str]:
    """Matches the article page of ``target`` (an article or a doc id), on any channel path and either host."""
    doc_id = target.doc_id if isinstance(target, SimArticle) else target
    return re.compile(rf"/doc-i{re.escape(doc_id)}\.shtml$")


def roll_page(page: int | None = None, *, lid: int | None = None) -> Callable[[SimRequest], bool]:
    """Matches roll-API requests for ``page`` (any page when ``None``) of ``lid`` (any lid when ``None``)."""

    def predicate(request: SimRequest) -> bool:
        if not ROLL_API.search(request.path):
            return False
        query = rollapi.RollQuery.from_params(request.params)
        return (page is None or query.page == page) and (lid is None or query.lid == str(lid))

    return predicate


def matches(match: Match, request: SimRequest) -> bool:
    if request.path.startswith(CONTROL_PREFIX):
        return False
    if callable(match) and not isinstance(match, re.Pattern):
        return bool(match(request))
    pattern = re.compile(match) if isinstance(match, str) else match
    if pattern.search(request.path):
        return True
    return bool(request.query) and pattern.search(f"{request.path}?{request.query}") is not None


class FaultRule:
    """A rule that answers matching requests ``times`` times (``None``: always), then passes."""

    def __init__(self, name: str, match: Match, times: int | None,
                 respond: Callable[[SimRequest, int], SimResponse]) -> None:
        if times is not None and times < 0:
            raise ValueError(f"times must be >= 0 or None, not {times}")
        self.name = name
        self.match = match
        self.times = times
        self._respond = respond
        self._lock = threading.Lock()
        self.hits = 0

    def __call__(self, request: SimRequest) -> SimResponse | None:
        if not matches(self.match, request):
            return None
        with self._lock:
            if self.times is not None and self.hits >= self.times:
                return None
            index = self.hits
            self.hits += 1
        return self._respond(request, index)

    def __repr__(self) -> str:
        return f"<FaultRule {self.name} hits={self.hits} times={self.times}>"


# --- HTTP status faults --------------------------------------------------------------------------------------

def error_page(status: int) -> bytes:
    """A short nginx-style error page (Sina's front ends are nginx)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return (f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n<center><h1>{status} {phrase}"
            f"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").encode()


def _status_response(status: int, body: bytes | None, headers: tuple[tuple[str, str], ...]) -> SimResponse:
    if body is None:
        body = pages.not_found_page() if status == 404 else error_page(status)
    return SimResponse(status=status, body=body, headers=headers, fault=f"http {status}")


def status_sequence(match: Match, statuses: Sequence[int], *, retry_after: int | str | None = None,
                    body: bytes | None = None) -> FaultRule:
    """The ``statuses`` in order, one per matching request, then normal service.

    ``retry_after`` adds ``Retry-After`` to each of them; ``body`` defaults to an error page (Sina's 404 page for
    404).
    """
    statuses = tuple(statuses)
    headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
    return FaultRule(f"http {', '.join(map(str, statuses))}", match, len(statuses),
                     lambda request, index: _status_response(statuses[index], body, headers))


def always(match: Match, status: int, *, body: bytes | None = None,
           headers: Iterable[tuple[str, str]] = ()) -> FaultRule:
    """``status`` on every matching request: a permanent failure (404 page, 500, 403…)."""
    extra = tuple(headers)
    return FaultRule(f"always http {status}", match, None, lambda request, index: _status_response(status, body, extra))


# --- connection faults ---------------------------------------------------------------------------------------

@dataclass(kw_only=True)
class _Around(SimResponse):
    """A fault around the normal answer: ``resolve`` fetches it from downstream (later rules, then routing)."""

    inner: SimResponse | None = None

    def resolve(self, app: SimulatorApp, request: SimRequest, downstream: Downstream) -> SimResponse:
        self.inner = downstream()
        self.status = self.inner.status
        self.body, self.content_type, self.headers = self.inner.body, self.inner.content_type, self.inner.headers
        return self


def _client_left(connection: socket.socket, seconds: float | None) -> bool:
    """Wait ``seconds`` (``None``: forever); ``True`` as soon as the client closes (or the server stops)."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return False
        readable, _, _ = select.select([connection], [], [], remaining)
        if not readable:
            return False
        try:
            data = connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True
        if not data:
            return True
        if remaining is not None:  # a pipelined request: nothing to watch for, just wait the rest
            time.sleep(max(0.0, deadline - time.monotonic()))  # type: ignore[operator]
            return False
        time.sleep(0.05)


@dataclass(kw_only=True)
class HangResponse(_Around):
    seconds: float | None = None

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        if _client_left(handler.connection, self.seconds):
            handler.close_connection = True
            return
        try:
            assert self.inner is not None
            self.inner.write(handler, head_only=head_only)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True


def hang(match: Match, seconds: float | None, times: int | None = 1) -> FaultRule:
    """Hold the connection ``seconds`` (``None``: until the client closes it), then answer normally.

    The crawler sees a download timeout when ``seconds`` exceeds its ``DOWNLOAD_TIMEOUT``. The server thread
    returns as soon as the client closes the connection, so a timed-out hang costs nothing afterwards.
    """
    label = "hang" if seconds is None else f"hang {seconds:g}s"
    return FaultRule(label, match, times, lambda request, index: HangResponse(seconds=seconds, fault=label))


@dataclass(kw_only=True)
class DropResponse(SimResponse):
    reset: bool = False

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        handler.close_connection = True
        if self.reset:
            # Linger 0: closing sends an RST instead of a FIN. The descriptor really closes when the handler
            # releases its stream objects, before the server's own shutdown of the socket (which then fails quietly).
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()


def drop_connection(match: Match, times: int | None = 1, *, reset: bool = False) -> FaultRule:
    """Close the connection without sending a byte (``reset``: with an RST). Logged with status 0."""
    label = "reset" if reset else "drop"
    return FaultRule(label, match, times, lambda request, index: DropResponse(status=0, reset=reset, fault=label))


def _cut_point(body: bytes, keep: float | None) -> int:
    """Where to cut: a fraction of the bytes, or (``None``) just after the article body's first paragraph."""
    end = body.rfind(b"</html>")
    limit = end if end > 0 else len(body) - 1
    if keep is None:
        start = max(body.find(b'id="artibody"'), body.find(b'id="article"'))
        first_p = body.find(b"</p>", start) if start >= 0 else -1
        if first_p >= 0:
            return min(first_p + len(b"</p>"), limit)
        keep = 0.5
    if not 0 <= keep < 1:
        raise ValueError(f"keep must be in [0, 1), not {keep}")
    return max(0, min(int(len(body) * keep), limit))


@dataclass(kw_only=True)
class TruncatedResponse(_Around):
    keep: float | None = 0.5
    framing: str = "length"  # "length": full Content-Length; "close": close-delimited; "chunked"

    def write(self, handler: BaseHTTPRequestHandler, *, head_only: bool = False) -> None:
        inner = self.inner
        assert inner is not None
        if type(inner).write is not SimResponse.write:  # already a broken exchange: nothing to cut
            inner.write(handler, head_only=head_only)
            return
        part = inner.body[:_cut_point(inner.body, self.keep)]
        handler.send_response(inner.status)
        handler.send_header("Content-Type", inner.content_type)
        if self.framing == "length":
            handler.send_header("Content-Length", str(len(inner.body)))
        elif self.framing == "chunked":
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
        for name, value in inner.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if head_only:
            return
        try:
            if self.framing == "chunked":
                handler.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(part), part) if part else b"0\r\n\r\n")
            else:
                handler.wfile.write(part)
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True


def truncated(match: Match, times: int | None = 1, *, keep: float = 0.5) -> FaultRule:
    """Headers with the full ``Content-Length``, then only ``keep`` of the body, then close."""
    _cut_point(b"x" * 4, keep)  # validate now, not in the server thread
    return FaultRule("truncated", match, times,
                     lambda request, index: TruncatedResponse(keep=keep, framing="length", fault="truncated"))


def truncated_unframed(match: Match, times: int | None = 1, *, keep: float | None = None,
                       chunked: bool = False) -> FaultRule:
    """A 200 without Content-Length that ends mid-HTML with no protocol error.

    Close-delimited by default (Scrapy: a response flagged ``partial``), or ``chunked`` with a proper last chunk
    (a perfectly normal response). ``keep=None`` cuts just after the first ``</p>`` of the article body, so the
    page has a title, a date and a plausible one-paragraph body but no ``</html>``; a float cuts that share of the
    bytes.
    """
    if keep is not None:
        _cut_point(b"x" * 4, keep)
    framing = "chunked" if chunked else "close"
    label = f"cut-off ({framing})"
    return FaultRule(label, match, times,
                     lambda request, index: TruncatedResponse(keep=keep, framing=framing, fault=label))


# --- roll-API faults -----------------------------------------------------------------------------------------

_ROLL_ERROR_HTML = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>系统繁忙</title></head>\n'
    '<body><div class="error"><h1>系统繁忙，请稍后再试</h1><p>Service busy (code 502)</p></div></body></html>\n'
).encode()


def malformed_json(match: Match = ROLL_API, times: int | None = 1, *, kind: str = "cut") -> FaultRule:
    """A 200 roll page that is not JSON: ``cut`` (``{"result":{"status":``), ``html`` (an error page), ``empty``."""
    bodies = {"cut": (b'{"result":{"status":', JSON_TYPE), "html": (_ROLL_ERROR_HTML, HTML_TYPE),
              "empty": (b"", JSON_TYPE)}
    if kind not in bodies:
        raise ValueError(f"kind must be one of {sorted(bodies)}, not {kind!r}")
    body, content_type = bodies[kind]
    label = f"malformed json ({kind})"
    return FaultRule(label, match, times, lambda request, index: SimResponse(
        body=body, content_type=content_type, fault=label))


def status_not_zero(match: Match = ROLL_API, times: int | None = 1, *, code: int = 1,
                    msg: str = "未注册") -> FaultRule:
    """``{"result":{"status":{"code":1,"msg":"未注册"},"data":[]}}`` with status 200."""
    body = rollapi.encode({"result": {"status": {"code": code, "msg": msg}, "data": []}})
    label = f"roll status {code}"
    return FaultRule(label, match, times, lambda request, index: SimResponse(
        body=body, content_type=JSON_TYPE, fault=label))


@dataclass(kw_only=True)
class RollTransform(SimResponse):
    """The downstream roll page, edited: ``edit(payload, app, request)`` changes the parsed JSON in place."""

    edit: Callable[[dict[str, Any], SimulatorApp, SimRequest], None] | None = None

    def resolve(self, app: SimulatorApp, request: SimRequest, downstream: Downstream) -> SimResponse:
        inner = downstream()
        if inner.status != 200 or type(inner).write is not SimResponse.write:
            return inner
        try:
            payload = json.loads(inner.body)
        except ValueError:  # JSONP, or already broken by a later rule: leave it alone
            return inner
        result = payload.get("result") if isinstance(payload, dict) else None
        if not isinstance(result, dict) or self.edit is None:
            return inner
        self.edit(payload, app, request)
        fault = f"{self.fault} + {inner.fault}" if inner.fault else self.fault
        return replace(inner, body=rollapi.encode(payload), fault=fault)


def data_not_list(match: Match = ROLL_API, times: int | None = 1, *, data: Any = None) -> FaultRule:
    """The normal roll page with ``"data"`` replaced by ``data`` (default ``{}``)."""
    value = {} if data is None else data

    def edit(payload: dict[str, Any], app: SimulatorApp, request: SimRequest) -> None:
        payload["result"]["data"] = json.loads(json.dumps(value))

    return FaultRule("data not list", match, times,
                     lambda request, index: RollTransform(edit=edit, fault="data not list"))


URL_KEYS = ("url", "urls", "wapurl", "wapurls")


def items_missing_fields(match: Match = ROLL_API, times: int | None = None, *,
                         missing: Mapping[str | int, Iterable[str]] | None = None) -> FaultRule:
    """The normal roll page with fields removed from some items.

    ``missing`` maps a doc id (``str``, any page) or a position in the page (``int``) to the fields to remove;
    ``"url"`` removes every URL key (``url``, ``urls``, ``wapurl``, ``wapurls``), so no link is left to follow.
    Default: ``{1: ["url"], 2: ["docid"], 3: ["ctime"]}``. Without ``docid`` the id is still in the URL; without
    ``ctime`` the creation time is still on the page (``weibo: article:create_at``); without URLs the item is
    unusable.
    """
    plan = {key: tuple(value) for key, value in (missing or {1: ["url"], 2: ["docid"], 3: ["ctime"]}).items()}

    def edit(payload: dict[str, Any], app: SimulatorApp, request: SimRequest) -> None:
        data = payload["result"].get("data")
        if not isinstance(data, list):
            return
        for position, item in enumerate(data):
            if not isinstance(item, dict):
                continue
            doc_id = str(item.get("docid", "")).removeprefix("comos:")
            for name in (*plan.get(position, ()), *plan.get(doc_id, ())):
                for key in URL_KEYS if name == "url" else (name,):
                    item.pop(key, None)

    return FaultRule("items missing fields", match, times,
                     lambda request, index: RollTransform(edit=edit, fault="items missing fields"))


def duplicate_items(match: Match = ROLL_API, times: int | None = None, *, repeat: int = 1,
                    overlap: int = 2) -> FaultRule:
    """Duplicates within and across roll pages.

    - ``overlap``: the listing is shifted by ``overlap`` items from page 2 on, so each page >= 2 starts with the
      last ``overlap`` items of the page before (what happens when articles are published between two page
      requests); nothing is lost: the last page gets the extra items.
    - ``repeat``: the first ``repeat`` items of every page appear twice, each right after itself (the page then
      has more than ``num`` items).
    """

    def edit(payload: dict[str, Any], app: SimulatorApp, request: SimRequest) -> None:
        result = payload["result"]
        data = result.get("data")
        if not isinstance(data, list):
            return
        query = rollapi.RollQuery.from_params(request.params)
        if overlap > 0 and query.page > 1:
            _, listing, _ = rollapi.select(app.site, replace(query, num=10**9, page=1))
            first = (query.page - 1) * query.num - overlap
            data = [rollapi.roll_item(a, app.urls) for a in listing[first:first + query.num]]
        doubled: list[Any] = []
        for position, item in enumerate(data):
            doubled += [item, item] if position < repeat else [item]
        result["data"] = doubled
        if doubled and all(isinstance(item, dict) and "ctime" in item for item in (doubled[0], doubled[-1])):
            result["start"], result["end"] = int(doubled[0]["ctime"]), int(doubled[-1]["ctime"])

    return FaultRule("duplicates", match, times, lambda request, index: RollTransform(edit=edit, fault="duplicates"))


# --- anti-bot and access faults ------------------------------------------------------------------------------

def _original_url(request: SimRequest) -> str:
    return f"http://{request.host}{request.path}" + (f"?{request.query}" if request.query else "")


def captcha_page(original_url: str = "") -> bytes:
    """A plausible Sina verification page (none is known for finance pages): captcha form, no article markup."""
    target = quote(original_url, safe="")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>新浪验证</title>
<style>.verify-box{{width:400px;margin:80px auto;}}</style></head>
<body><div class="verify-box">
<div class="verify-title">安全验证</div>
<p class="verify-tip">您的访问过于频繁，请输入验证码后继续访问。</p>
<form method="post" action="https://login.sina.com.cn/cgi/pin.php?entry=finance&amp;r={target}">
<img class="verify-img" src="https://login.sina.com.cn/cgi/pin.php?r=8213&amp;s=0" alt="验证码"/>
<input type="text" name="door" maxlength="5" placeholder="请输入验证码"/>
<input type="hidden" name="r" value="{target}"/>
<button type="submit">提交</button>
</form>
<p class="verify-help">如有问题请联系 <a href="https://passport.sina.cn/help">新浪通行证客服</a></p>
</div></body></html>
""".encode()


def login_page(original_url: str = "") -> bytes:
    """What ``/signin.php`` serves: a Sina passport login form."""
    target = quote(original_url, safe="")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>新浪通行证</title></head>
<body><div class="login-box">
<div class="login-title">登录新浪通行证</div>
<p>请登录后继续访问。</p>
<form method="post" action="https://login.sina.com.cn/sso/login.php?client=ssologin.js&amp;r={target}">
<input type="text" name="username" placeholder="邮箱/会员帐号/手机号"/>
<input type="password" name="password" placeholder="请输入密码"/>
<button type="submit">登录</button>
</form>
</div></body></html>
""".encode()


def antibot_page(match: Match, times: int | None = None, *, status: int = 200) -> FaultRule:
    """A captcha page (``captcha_page``) instead of the article, status 200 by default."""
    return FaultRule("captcha", match, times, lambda request, index: SimResponse(
        status=status, body=captcha_page(_original_url(request)), fault="captcha"))


def redirect_to_login(match: Match, times: int | None = None, *, local: bool = True,
                      status: int = 302) -> Rule:
    """A redirect to a login page, ``?entry=finance&r=<original url>``.

    ``local`` (the default): to ``/signin.php`` on the host that was asked (the simulator, or the proxied Sina
    host), which this rule then serves as a login page (``login_page``), whatever ``times`` says, so a crawler
    that follows redirects gets a 200 login page. ``local=False``: to ``https://login.sina.com.cn/signup/
    signin.php``, the real address (do not let a test crawler follow it: it leaves loopback).
    """

    def respond(request: SimRequest, index: int) -> SimResponse:
        original = quote(_original_url(request), safe="")
        base = f"http://{request.host}{SIGNIN_PATH}" if local else LOGIN_URL
        location = f"{base}?entry=finance&r={original}"
        return SimResponse(status=status, body=error_page(status), headers=(("Location", location),),
                           fault="login redirect")

    redirect = FaultRule("login redirect", match, times, respond)
    if not local:
        return redirect

    def rule(request: SimRequest) -> SimResponse | None:
        if request.path == SIGNIN_PATH:
            return SimResponse(body=login_page(request.params.get("r", "")), fault="login page")
        return redirect(request)

    rule.redirect = redirect  # type: ignore[attr-defined]
    return rule


FORBIDDEN_BODY = (
    '<html><head><meta charset="utf-8"><title>403 Forbidden</title></head>\n'
    "<body><h1>403 Forbidden</h1><p>您的访问被拒绝。</p><hr><center>nginx</center></body></html>\n"
).encode()


def forbidden(match: Match, times: int | None = None) -> FaultRule:
    """403 with a short HTML body."""
    return FaultRule("forbidden", match, times, lambda request, index: SimResponse(
        status=403, body=FORBIDDEN_BODY, fault="forbidden"))


# --- the preset ----------------------------------------------------------------------------------------------

ARCHIVED, FAILED, DROPPED, UNLISTED = "archived", "failed", "dropped", "unlisted"
PRESET_LID = 1686  # 国内, the crawler's default channel
MIN_LISTED = 40


@dataclass
class FaultPlan:
    """The rules of a preset and what a crawl of its channel (all pages, ``RETRY_TIMES >= 2``) must end with.

    ``outcomes`` maps each doc id the preset touches to ``archived`` (retriable faults, hostile content, items
    missing docid or ctime, duplicates), ``failed`` (404, captcha, login redirect, 403: not archived, counted as
    failed, tried again next run), ``dropped`` (a page with no article text: not archived) or ``unlisted`` (the roll
    item has no URL: never requested). Every other article listed under ``lid`` must be archived too.
    ``faults`` says what each doc id (and each faulty roll page, keyed ``roll page N``) gets.
    """

    rules: list[Rule]
    outcomes: dict[str, str]
    faults: dict[str, str]
    lid: int = PRESET_LID
    hostile: list[str] = field(default_factory=list)

    def ids(self, outcome: str) -> set[str]:
        return {doc_id for doc_id, value in self.outcomes.items() if value == outcome}

    @property
    def archived(self) -> set[str]:
        return self.ids(ARCHIVED)

    @property
    def failed(self) -> set[str]:
        return self.ids(FAILED)

    @property
    def dropped(self) -> set[str]:
        return self.ids(DROPPED)

    @property
    def unlisted(self) -> set[str]:
        return self.ids(UNLISTED)

    def expected_archive(self, site: Site) -> set[str]:
        """Every doc id listed under the plan's lid that must be archived (faulty or not)."""
        return {a.doc_id for a in site.listing(self.lid)} - self.failed - self.dropped - self.unlisted

    def to_json(self) -> dict[str, Any]:
        return {"lid": self.lid, "outcomes": self.outcomes, "faults": self.faults, "hostile": self.hostile}


def all_faults(site: Site, *, lid: int = PRESET_LID, roll_faults: bool = True,
               hang_seconds: float | None = None) -> FaultPlan:
    """Every fault at once, each on its own article of ``lid`` (default 国内) or its own roll page.

    Changes ``site`` in place (hostile and article-less pages). Every retriable fault is served at most twice, so a
    crawler with ``RETRY_TIMES >= 2`` archives every such article; this includes the cut-off pages without protocol
    error (``truncated_unframed``, served once: a crawler must see that the page stops before ``</html>`` and ask
    again) and, with ``roll_faults``, the unusable roll pages (bad JSON, HTML, status != 0, data not a list, each
    served once on pages 1-3 of ``lid``: a crawler must re-request an unusable roll page). ``hang_seconds``
    (default: until the client gives up) should exceed the crawler's ``DOWNLOAD_TIMEOUT``. Needs at least
    ``MIN_LISTED`` articles under ``lid`` (about 240 articles in a default site) and enough v2017 ones.
    """
    listing = site.listing(lid)
    if len(listing) < MIN_LISTED:
        raise ValueError(f"all_faults needs at least {MIN_LISTED} articles under lid {lid}, the site has "
                         f"{len(listing)}; build a bigger site")
    # Spread the faulty articles over the listing, leaving out each page's first item (repeated by the duplicates).
    candidates = [a for i, a in enumerate(listing) if i % 50 not in (0, 49, 48)]
    v2017 = [a for a in candidates if a.era == "v2017"]
    others = [a for a in candidates if a.era != "v2017"]
    step = max(1, len(v2017) // 24)
    spread = v2017[1::step] + [a for a in v2017 if a not in v2017[1::step]]
    pool = iter(spread)

    def pick(era_any: bool = False) -> SimArticle:
        nonlocal others
        if era_any and others:
            article, others = others[0], others[1:]
            return article
        article = next(pool, None)
        if article is None:
            raise ValueError(f"all_faults needs more v2017 articles under lid {lid}; build a bigger site")
        return article

    rules: list[Rule] = []
    outcomes: dict[str, str] = {}
    faults: dict[str, str] = {}

    def add(outcome: str, description: str, rule: Callable[[re.Pattern[str]], Rule | None], *,
            era_any: bool = False) -> SimArticle:
        article = pick(era_any)
        made = rule(article_path(article))
        if made is not None:
            rules.append(made)
        outcomes[article.doc_id], faults[article.doc_id] = outcome, description
        return article

    # Retriable: each clears within two failures.
    add(ARCHIVED, "503, 503, then normal", lambda m: status_sequence(m, [503, 503]))
    add(ARCHIVED, "429 with Retry-After: 2, then normal", lambda m: status_sequence(m, [429], retry_after=2))
    add(ARCHIVED, "502, 504, then normal", lambda m: status_sequence(m, [502, 504]), era_any=True)
    add(ARCHIVED, "hangs once (download timeout), then normal", lambda m: hang(m, hang_seconds, times=1))
    add(ARCHIVED, "connection closed without response once", lambda m: drop_connection(m, 1), era_any=True)
    add(ARCHIVED, "connection reset (RST) twice", lambda m: drop_connection(m, 2, reset=True))
    add(ARCHIVED, "body shorter than Content-Length once", lambda m: truncated(m, 1, keep=0.5), era_any=True)
    add(ARCHIVED, "close-delimited page cut after the first body paragraph once",
        lambda m: truncated_unframed(m, 1))
    add(ARCHIVED, "chunked page cut mid-HTML (60%) once", lambda m: truncated_unframed(m, 1, keep=0.6, chunked=True))
    # Hostile content: archived, neutralised.
    hostile_ids = [add(ARCHIVED, "hostile title and body", lambda m: None).doc_id,
                   add(ARCHIVED, "hostile title and body", lambda m: None, era_any=True).doc_id]
    make_hostile(site, hostile_ids)
    # Roll items missing fields (on every roll page that lists them) and duplicates.
    no_docid = add(ARCHIVED, "roll item without docid (id is in the URL)", lambda m: None)
    no_ctime = add(ARCHIVED, "roll item without ctime (the page has create_at)", lambda m: None)
    no_url = add(UNLISTED, "roll item without any URL (never requested)", lambda m: None)
    # Permanent failures.
    add(FAILED, "404 page, always", lambda m: always(m, 404))
    add(FAILED, "captcha page (200), always", lambda m: antibot_page(m))
    add(FAILED, "302 to a login page, always", lambda m: redirect_to_login(m))
    add(FAILED, "403, always", lambda m: forbidden(m))
    # Pages without an article.
    empty = add(DROPPED, "body container with only an ad and the QR block", lambda m: None)
    bodyless = add(DROPPED, "video page without a body container", lambda m: None)
    make_empty_body(site, [empty.doc_id])
    make_bodyless(site, [bodyless.doc_id])

    transforms: list[Rule] = [
        items_missing_fields(missing={no_docid.doc_id: ["docid"], no_ctime.doc_id: ["ctime"],
                                      no_url.doc_id: ["url"]}),
        duplicate_items(repeat=1, overlap=2),
    ]
    roll: list[Rule] = []
    if roll_faults:
        for page, first, second in (
            (1, malformed_json(roll_page(1, lid=lid), kind="cut"), status_sequence(roll_page(1, lid=lid), [503])),
            (2, status_not_zero(roll_page(2, lid=lid)), malformed_json(roll_page(2, lid=lid), kind="html")),
            (3, data_not_list(roll_page(3, lid=lid)), None),
        ):
            roll += [first] if second is None else [first, second]
            names = [rule.name for rule in (first, second) if isinstance(rule, FaultRule)]
            faults[f"roll page {page}"] = ", then ".join(names) + ", then normal"
    faults["roll pages"] = "items repeated within each page; pages >= 2 start with the last 2 items of the page before"
    return FaultPlan(rules=[*roll, *transforms, *rules], outcomes=outcomes, faults=faults, lid=lid,
                     hostile=hostile_ids)
