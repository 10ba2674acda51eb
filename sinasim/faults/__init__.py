"""Fault injection for the simulator: small rule constructors for ``Simulator.rules``, and the ``all_faults`` preset.

Each constructor returns a rule (a callable ``rule(request) -> SimResponse | None``, see ``messages.py``) that
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
``html_as_image(m)``                        200 ``image/jpeg`` whose body is Sina's 404 page (image hosts)
``huge_image(m, size)``                     a real image's first bytes padded to ``size`` bytes (image hosts)
==========================================  ===========================================================================

Twisted's connection pool silently re-sends a GET once when a *reused* keep-alive connection closes before any
response, so ``drop_connection`` on such a connection may be absorbed before Scrapy sees it (the request log
still shows the drop: entries of faulty answers carry a ``fault`` label).

Roll transforms (``items_missing_fields``, ``duplicate_items``) edit what the rules after them and the routing
answer; the first rule in ``sim.rules`` is the outermost. ``duplicate_items`` rebuilds shifted pages from the
site, so put ``items_missing_fields`` *before* it.

``all_faults(site)`` turns every fault on at once over different articles and roll pages and says which doc ids
must end up archived, failed, dropped or unlisted (``FaultPlan``); ``python -m sinasim --faults all``
serves it. Site-level content faults (hostile titles and bodies, empty bodies) are in ``hostile.py``.

Modules: ``rules`` (matching, ``FaultRule``), ``status`` (HTTP status faults), ``connection`` (hang, drop,
truncated), ``listing`` (roll-API faults), ``walls`` (captcha, login redirect, 403) and ``preset``
(``all_faults``, ``FaultPlan``). Every public name is importable from this package.
"""

from sinasim.faults.connection import (
    DropResponse,
    HangResponse,
    TruncatedResponse,
    drop_connection,
    hang,
    truncated,
    truncated_unframed,
)
from sinasim.faults.images import html_as_image, huge_image
from sinasim.faults.listing import (
    URL_KEYS,
    RollTransform,
    data_not_list,
    duplicate_items,
    items_missing_fields,
    malformed_json,
    status_not_zero,
)
from sinasim.faults.preset import (
    ARCHIVED,
    DROPPED,
    FAILED,
    MIN_LISTED,
    PRESET_LID,
    UNLISTED,
    FaultPlan,
    all_faults,
)
from sinasim.faults.rules import ROLL_API, Downstream, FaultRule, Match, article_path, matches, roll_page
from sinasim.faults.status import always, error_page, status_sequence
from sinasim.faults.walls import (
    FORBIDDEN_BODY,
    LOGIN_URL,
    SIGNIN_PATH,
    antibot_page,
    captcha_page,
    forbidden,
    login_page,
    redirect_to_login,
)

__all__ = [
    "ARCHIVED",
    "DROPPED",
    "FAILED",
    "FORBIDDEN_BODY",
    "LOGIN_URL",
    "MIN_LISTED",
    "PRESET_LID",
    "ROLL_API",
    "SIGNIN_PATH",
    "UNLISTED",
    "URL_KEYS",
    "Downstream",
    "DropResponse",
    "FaultPlan",
    "FaultRule",
    "HangResponse",
    "Match",
    "RollTransform",
    "TruncatedResponse",
    "all_faults",
    "always",
    "antibot_page",
    "article_path",
    "captcha_page",
    "data_not_list",
    "drop_connection",
    "duplicate_items",
    "error_page",
    "forbidden",
    "hang",
    "html_as_image",
    "huge_image",
    "items_missing_fields",
    "login_page",
    "malformed_json",
    "matches",
    "redirect_to_login",
    "roll_page",
    "status_not_zero",
    "status_sequence",
    "truncated",
    "truncated_unframed",
]
