"""Roll-API (listing) faults: pages that are not JSON, a non-zero status, ``data`` not a list, items missing
fields, and duplicates within and across pages.

The last three edit the normal roll page (``RollTransform``), so they compose with the rules after them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sinasim import rollapi
from sinasim.faults.rules import ROLL_API, Downstream, FaultRule, Match
from sinasim.messages import HTML_TYPE, JSON_TYPE, SimRequest, SimResponse
from sinasim.site import Site

_ROLL_ERROR_HTML = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>系统繁忙</title></head>\n'
    '<body><div class="error"><h1>系统繁忙，请稍后再试</h1><p>Service busy (code 502)</p></div></body></html>\n'
).encode()


def malformed_json(match: Match = ROLL_API, times: int | None = 1, *, kind: str = "cut") -> FaultRule:
    """A 200 roll page that is not JSON: ``cut`` (``{"result":{"status":``), ``html`` (an error page), ``empty``."""
    bodies = {
        "cut": (b'{"result":{"status":', JSON_TYPE),
        "html": (_ROLL_ERROR_HTML, HTML_TYPE),
        "empty": (b"", JSON_TYPE),
    }
    if kind not in bodies:
        raise ValueError(f"kind must be one of {sorted(bodies)}, not {kind!r}")
    body, content_type = bodies[kind]
    label = f"malformed json ({kind})"
    return FaultRule(
        label, match, times, lambda request, index: SimResponse(body=body, content_type=content_type, fault=label)
    )


def status_not_zero(match: Match = ROLL_API, times: int | None = 1, *, code: int = 1, msg: str = "未注册") -> FaultRule:
    """``{"result":{"status":{"code":1,"msg":"未注册"},"data":[]}}`` with status 200."""
    body = rollapi.encode({"result": {"status": {"code": code, "msg": msg}, "data": []}})
    label = f"roll status {code}"
    return FaultRule(
        label, match, times, lambda request, index: SimResponse(body=body, content_type=JSON_TYPE, fault=label)
    )


@dataclass(kw_only=True)
class RollTransform(SimResponse):
    """The downstream roll page, edited: ``edit(payload, request, site, urls)`` changes the parsed JSON in place."""

    edit: Callable[[dict[str, Any], SimRequest, Site, rollapi.UrlStyle], None] | None = None

    def resolve(
        self, request: SimRequest, downstream: Downstream, *, site: Site, urls: rollapi.UrlStyle
    ) -> SimResponse:
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
        self.edit(payload, request, site, urls)
        fault = f"{self.fault} + {inner.fault}" if inner.fault else self.fault
        return replace(inner, body=rollapi.encode(payload), fault=fault)


def data_not_list(match: Match = ROLL_API, times: int | None = 1, *, data: Any = None) -> FaultRule:
    """The normal roll page with ``"data"`` replaced by ``data`` (default ``{}``)."""
    value = {} if data is None else data

    def edit(payload: dict[str, Any], request: SimRequest, site: Site, urls: rollapi.UrlStyle) -> None:
        payload["result"]["data"] = json.loads(json.dumps(value))

    return FaultRule(
        "data not list", match, times, lambda request, index: RollTransform(edit=edit, fault="data not list")
    )


URL_KEYS = ("url", "urls", "wapurl", "wapurls")


def items_missing_fields(
    match: Match = ROLL_API, times: int | None = None, *, missing: Mapping[str | int, Iterable[str]] | None = None
) -> FaultRule:
    """The normal roll page with fields removed from some items.

    ``missing`` maps a doc id (``str``, any page) or a position in the page (``int``) to the fields to remove;
    ``"url"`` removes every URL key (``url``, ``urls``, ``wapurl``, ``wapurls``), so no link is left to follow.
    Default: ``{1: ["url"], 2: ["docid"], 3: ["ctime"]}``. Without ``docid`` the id is still in the URL; without
    ``ctime`` the creation time is still on the page (``weibo: article:create_at``); without URLs the item is
    unusable.
    """
    plan = {key: tuple(value) for key, value in (missing or {1: ["url"], 2: ["docid"], 3: ["ctime"]}).items()}

    def edit(payload: dict[str, Any], request: SimRequest, site: Site, urls: rollapi.UrlStyle) -> None:
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

    return FaultRule(
        "items missing fields",
        match,
        times,
        lambda request, index: RollTransform(edit=edit, fault="items missing fields"),
    )


def duplicate_items(
    match: Match = ROLL_API, times: int | None = None, *, repeat: int = 1, overlap: int = 2
) -> FaultRule:
    """Duplicates within and across roll pages.

    - ``overlap``: the listing is shifted by ``overlap`` items from page 2 on, so each page >= 2 starts with the
      last ``overlap`` items of the page before (what happens when articles are published between two page
      requests); nothing is lost: the last page gets the extra items.
    - ``repeat``: the first ``repeat`` items of every page appear twice, each right after itself (the page then
      has more than ``num`` items).
    """

    def edit(payload: dict[str, Any], request: SimRequest, site: Site, urls: rollapi.UrlStyle) -> None:
        result = payload["result"]
        data = result.get("data")
        if not isinstance(data, list):
            return
        query = rollapi.RollQuery.from_params(request.params)
        if overlap > 0 and query.page > 1:
            _, listing, _ = rollapi.select(site, replace(query, num=10**9, page=1))
            first = (query.page - 1) * query.num - overlap
            data = [rollapi.roll_item(a, urls) for a in listing[first : first + query.num]]
        doubled: list[Any] = []
        for position, item in enumerate(data):
            doubled += [item, item] if position < repeat else [item]
        result["data"] = doubled
        if doubled and all(isinstance(item, dict) and "ctime" in item for item in (doubled[0], doubled[-1])):
            result["start"], result["end"] = int(doubled[0]["ctime"]), int(doubled[-1]["ctime"])

    return FaultRule("duplicates", match, times, lambda request, index: RollTransform(edit=edit, fault="duplicates"))
