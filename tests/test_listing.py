"""Roll-API listing pages → RollEntry items (sinaarchive.parsing.listing)."""

import json
from pathlib import Path

import pytest

from sinaarchive.parsing.listing import ListingError, doc_id_from_url, parse_roll_page, roll_url

PAGE1 = (Path(__file__).parent / "fixtures" / "roll" / "page1.json").read_text(encoding="utf-8")


def test_real_shaped_page_gives_entries_in_order():
    page = parse_roll_page(PAGE1)
    assert [e.doc_id for e in page.entries] == ["nitmeav9622448", "nitmeav9621943", "nitmeau2811260"]
    assert page.raw_count == 4
    assert page.skipped == 1  # the item with an empty url


def test_entry_fields_are_typed_and_unescaped():
    first = parse_roll_page(PAGE1).entries[0]
    assert first.title == "财报前夕，美光“超级多头”重申2000美元目标价"
    assert first.url == "https://finance.sina.com.cn/stock/usstock/c/2026-09-29/doc-initmeav9622448.shtml"
    assert (first.ctime, first.intime, first.mtime) == (1790613243, 1790613249, 1790613248)
    assert first.media_name == "环球市场播报"
    assert first.lids == ("1686", "2509", "2516")


def test_jsonp_wrapper_is_accepted():
    wrapped = f"try{{feedCardJsonpCallback({PAGE1});}}catch(e){{}};"
    assert len(parse_roll_page(wrapped).entries) == 3


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>busy</html>", "bad_json"),
        ('{"result": {"status": {"code": 1, "msg": "未注册"}, "data": []}}', "status"),
        ('{"result": {"status": {"code": 0}, "data": {}}}', "bad_data"),
        ('{"error": 1}', "no_result"),
        ("[]", "no_result"),
    ],
)
def test_unusable_pages_raise_with_a_reason(body, reason):
    with pytest.raises(ListingError) as caught:
        parse_roll_page(body)
    assert caught.value.reason == reason


def test_items_missing_fields_are_skipped_not_fatal():
    payload = json.loads(PAGE1)
    payload["result"]["data"] = [{"title": "no url"}, "not an object", payload["result"]["data"][0]]
    page = parse_roll_page(json.dumps(payload))
    assert [e.doc_id for e in page.entries] == ["nitmeav9622448"]
    assert page.skipped == 2


def test_doc_id_falls_back_to_the_url():
    payload = json.loads(PAGE1)
    del payload["result"]["data"][0]["docid"]
    assert parse_roll_page(json.dumps(payload)).entries[0].doc_id == "nitmeav9622448"


@pytest.mark.parametrize(
    ("url", "doc_id"),
    [
        ("https://finance.sina.com.cn/roll/2018-12-28/doc-ihqfskcn2160999.shtml", "hqfskcn2160999"),
        ("https://finance.sina.cn/usstock/mggd/2026-09-29/detail-initmeav9622448.d.html", "nitmeav9622448"),
        ("https://finance.sina.com.cn/world/qtdq/20151107/172923706769.shtml", ""),
    ],
)
def test_doc_id_from_url(url, doc_id):
    assert doc_id_from_url(url) == doc_id


def test_roll_url_has_sina_parameter_order():
    url = roll_url("https://feed.mix.sina.com.cn/api/roll/get", pageid=155, lid=1686, num=50, page=2)
    assert url == "https://feed.mix.sina.com.cn/api/roll/get?pageid=155&lid=1686&k=&num=50&page=2"
