"""The ``all_faults`` preset: every fault at once, and the ``FaultPlan`` saying how a crawl must end."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sinasim.faults.connection import drop_connection, hang, truncated, truncated_unframed
from sinasim.faults.listing import (
    data_not_list,
    duplicate_items,
    items_missing_fields,
    malformed_json,
    status_not_zero,
)
from sinasim.faults.rules import FaultRule, article_path, roll_page
from sinasim.faults.status import always, status_sequence
from sinasim.faults.walls import antibot_page, forbidden, redirect_to_login
from sinasim.hostile import make_bodyless, make_empty_body, make_hostile
from sinasim.messages import Rule
from sinasim.site import SimArticle, Site

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


def all_faults(
    site: Site, *, lid: int = PRESET_LID, roll_faults: bool = True, hang_seconds: float | None = None
) -> FaultPlan:
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
        raise ValueError(
            f"all_faults needs at least {MIN_LISTED} articles under lid {lid}, the site has "
            f"{len(listing)}; build a bigger site"
        )
    draft = _Draft(_Picker(listing, lid))
    _add_retriable(draft, hang_seconds)
    hostile_ids = _add_hostile(draft, site)
    transforms = _add_roll_item_faults(draft)
    _add_permanent(draft)
    _add_articleless(draft, site)
    roll = _roll_page_faults(lid, draft.faults) if roll_faults else []
    draft.faults["roll pages"] = (
        "items repeated within each page; pages >= 2 start with the last 2 items of the page before"
    )
    return FaultPlan(
        rules=[*roll, *transforms, *draft.rules],
        outcomes=draft.outcomes,
        faults=draft.faults,
        lid=lid,
        hostile=hostile_ids,
    )


class _Picker:
    """Hands out the preset's articles: v2017 ones spread over the listing, or (``era_any``) other eras first."""

    def __init__(self, listing: list[SimArticle], lid: int) -> None:
        # Spread the faulty articles over the listing, leaving out each page's first item (repeated by the duplicates).
        candidates = [a for i, a in enumerate(listing) if i % 50 not in (0, 49, 48)]
        v2017 = [a for a in candidates if a.era == "v2017"]
        self.others = [a for a in candidates if a.era != "v2017"]
        step = max(1, len(v2017) // 24)
        spread = v2017[1::step] + [a for a in v2017 if a not in v2017[1::step]]
        self.pool = iter(spread)
        self.lid = lid

    def __call__(self, era_any: bool = False) -> SimArticle:
        if era_any and self.others:
            article, self.others = self.others[0], self.others[1:]
            return article
        picked = next(self.pool, None)
        if picked is None:
            raise ValueError(f"all_faults needs more v2017 articles under lid {self.lid}; build a bigger site")
        return picked


@dataclass
class _Draft:
    """The plan being built: each ``add`` gives the next picked article a fault (a rule, if any) and an outcome."""

    pick: _Picker
    rules: list[Rule] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    faults: dict[str, str] = field(default_factory=dict)

    def add(
        self, outcome: str, description: str, rule: Callable[[re.Pattern[str]], Rule | None], *, era_any: bool = False
    ) -> SimArticle:
        article = self.pick(era_any)
        made = rule(article_path(article))
        if made is not None:
            self.rules.append(made)
        self.outcomes[article.doc_id], self.faults[article.doc_id] = outcome, description
        return article


def _add_retriable(draft: _Draft, hang_seconds: float | None) -> None:
    """Retriable: each clears within two failures."""
    add = draft.add
    add(ARCHIVED, "503, 503, then normal", lambda m: status_sequence(m, [503, 503]))
    add(ARCHIVED, "429 with Retry-After: 2, then normal", lambda m: status_sequence(m, [429], retry_after=2))
    add(ARCHIVED, "502, 504, then normal", lambda m: status_sequence(m, [502, 504]), era_any=True)
    add(ARCHIVED, "hangs once (download timeout), then normal", lambda m: hang(m, hang_seconds, times=1))
    add(ARCHIVED, "connection closed without response once", lambda m: drop_connection(m, 1), era_any=True)
    add(ARCHIVED, "connection reset (RST) twice", lambda m: drop_connection(m, 2, reset=True))
    add(ARCHIVED, "body shorter than Content-Length once", lambda m: truncated(m, 1, keep=0.5), era_any=True)
    add(ARCHIVED, "close-delimited page cut after the first body paragraph once", lambda m: truncated_unframed(m, 1))
    # After the body (on real-size pages it ends at 45-75% of the bytes): the cut page still holds the whole article,
    # so only the missing </html> tells the crawler to retry. A cut before the body has its own test.
    add(
        ARCHIVED,
        "chunked page cut after the body, before </html> (90%) once",
        lambda m: truncated_unframed(m, 1, keep=0.9, chunked=True),
    )


def _add_hostile(draft: _Draft, site: Site) -> list[str]:
    """Hostile content: archived, neutralised."""
    hostile_ids = [
        draft.add(ARCHIVED, "hostile title and body", lambda m: None).doc_id,
        draft.add(ARCHIVED, "hostile title and body", lambda m: None, era_any=True).doc_id,
    ]
    make_hostile(site, hostile_ids)
    return hostile_ids


def _add_roll_item_faults(draft: _Draft) -> list[Rule]:
    """Roll items missing fields (on every roll page that lists them) and duplicates: the roll transforms."""
    no_docid = draft.add(ARCHIVED, "roll item without docid (id is in the URL)", lambda m: None)
    no_ctime = draft.add(ARCHIVED, "roll item without ctime (the page has create_at)", lambda m: None)
    no_url = draft.add(UNLISTED, "roll item without any URL (never requested)", lambda m: None)
    return [
        items_missing_fields(missing={no_docid.doc_id: ["docid"], no_ctime.doc_id: ["ctime"], no_url.doc_id: ["url"]}),
        duplicate_items(repeat=1, overlap=2),
    ]


def _add_permanent(draft: _Draft) -> None:
    """Permanent failures."""
    draft.add(FAILED, "404 page, always", lambda m: always(m, 404))
    draft.add(FAILED, "captcha page (200), always", lambda m: antibot_page(m))
    draft.add(FAILED, "302 to a login page, always", lambda m: redirect_to_login(m))
    draft.add(FAILED, "403, always", lambda m: forbidden(m))


def _add_articleless(draft: _Draft, site: Site) -> None:
    """Pages without an article."""
    empty = draft.add(DROPPED, "body container with only an ad and the QR block", lambda m: None)
    bodyless = draft.add(DROPPED, "video page without a body container", lambda m: None)
    make_empty_body(site, [empty.doc_id])
    make_bodyless(site, [bodyless.doc_id])


def _roll_page_faults(lid: int, faults: dict[str, str]) -> list[Rule]:
    """Unusable roll pages 1-3 of ``lid``, each served once or twice; records what each page gets in ``faults``."""
    roll: list[Rule] = []
    for page, first, second in (
        (1, malformed_json(roll_page(1, lid=lid), kind="cut"), status_sequence(roll_page(1, lid=lid), [503])),
        (2, status_not_zero(roll_page(2, lid=lid)), malformed_json(roll_page(2, lid=lid), kind="html")),
        (3, data_not_list(roll_page(3, lid=lid)), None),
    ):
        roll += [first] if second is None else [first, second]
        names = [rule.name for rule in (first, second) if isinstance(rule, FaultRule)]
        faults[f"roll page {page}"] = ", then ".join(names) + ", then normal"
    return roll
