"""The cluster's parts against a real redis-server: messages, leases, campaigns, and each point where sinaarchive
corrects scrapy-redis 0.9.1 on current Scrapy (the end-to-end runs are in test_cluster.py)."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import socket
import subprocess

import pytest
import redis
from scrapy import Request, signals
from scrapy.http import HtmlResponse
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import sinaarchive.settings
from conftest import load_case
from sinaarchive.archive import Archive
from sinaarchive.archive.catalog import KnownArticle
from sinaarchive.archive.lock import ArchiveBusy
from sinaarchive.channels import resolve_channels
from sinaarchive.cluster import messages
from sinaarchive.cluster.messages import ArticleReady, BadMessage, DeadEnd, hand_over, taken_over
from sinaarchive.cluster.scheduler import ClusterScheduler
from sinaarchive.cluster.store import (
    HEARTBEAT_TTL,
    ITEMS,
    REQUESTS,
    SEEN,
    TASK_META,
    ClusterStore,
    held_key,
    without_password,
)
from sinaarchive.cluster.worker import campaign_arguments
from sinaarchive.cluster.writer import IngestSpider
from sinaarchive.export.paths import post_path
from sinaarchive.export.post import render_post
from sinaarchive.options import BadOption, parse_crawl_options
from sinaarchive.parsing.article import parse_article
from sinaarchive.pipelines import CleaningPipeline
from sinaarchive.spiders.sina_finance import SinaFinanceSpider
from sinaarchive.warc.writer import Capture

pytestmark = pytest.mark.redis

CAPTURE = Capture(
    file="warc/sinaarchive-20261206T000000Z-box-1-00000.warc.gz",
    offset=1234,
    length=567,
    record_id="<urn:uuid:0b3a0c1e-0000-4000-8000-000000000000>",
    target_uri="https://finance.sina.com.cn/china/2021-07-16/doc-ikqcfnca7150711.shtml",
    captured_at="2026-12-06T00:00:00Z",
)


def cleaned_article(case: str):
    response, entry = load_case(case)
    channel = resolve_channels("国内")[0]
    article = parse_article(response, entry=entry, channel=channel, crawled_at=None)
    return CleaningPipeline().process_item(article)


@pytest.fixture
def store(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield ClusterStore(client)
    client.close()


# --- messages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["reference_2021_guonei", "v2014_2016_forex", "mobile_2005", "blk_gbk_2012"])
def test_an_article_handed_over_makes_the_same_post_at_the_same_path(case):
    article = cleaned_article(case)
    received = taken_over(hand_over(ArticleReady(article=article, capture=CAPTURE)))
    assert isinstance(received, ArticleReady)
    assert received.capture == CAPTURE
    assert render_post(received.article) == render_post(article)
    assert post_path(received.article) == post_path(article)
    assert received.article.body_html == ""  # the raw body stays with the worker: the post is made from the clean one
    assert received.article.clean_html == article.clean_html


def test_a_dead_end_is_handed_over_as_it_was_recorded():
    dead = DeadEnd(doc_id="nitmeav9622448", url="https://finance.sina.com.cn/x.shtml", status=404, reason="http_404")
    assert taken_over(hand_over(dead)) == dead


def test_requests_travel_as_json_and_come_back_whole(tmp_path):
    spider = worker_crawler("", tmp_path)._create_spider()
    _, entry = load_case("reference_2021_guonei")
    channel = resolve_channels("国内")[0]
    request = Request(
        entry.url,
        callback=spider.parse_article,
        errback=spider.article_failed,
        headers={"Referer": "https://finance.sina.com.cn/"},
        cb_kwargs={"entry": entry, "channel": channel, "known_path": ""},
        meta={TASK_META: "article:x", "retry_times": 2, "capture": CAPTURE},
        priority=-3,
        dont_filter=True,
    )
    data = messages.dumps(request.to_dict(spider=spider))
    json.loads(data)  # plain JSON, not pickle
    back = request_from_dict(messages.loads(data.encode()), spider=spider)
    assert (back.url, back.priority, back.dont_filter, back.meta) == (
        request.url,
        -3,
        True,
        request.meta,
    )
    assert back.cb_kwargs == request.cb_kwargs and back.cb_kwargs["entry"].lids == entry.lids  # a tuple again
    assert back.headers == request.headers
    assert back.callback == spider.parse_article and back.errback == spider.article_failed


def test_a_message_naming_another_type_or_a_pickle_is_refused():
    with pytest.raises(BadMessage):
        messages.loads(json.dumps({"__": "Popen", "args": ["rm", "-rf", "/"]}))
    with pytest.raises(BadMessage):
        messages.loads(pickle.dumps({"url": "x"}))
    with pytest.raises(BadMessage):
        taken_over(json.dumps({"kind": "article", "article": {"title": "not an Article"}}))


# --- leases and dead workers ---------------------------------------------------------------------------------


def queue(store, *tasks_and_scores):
    for task, score in tasks_and_scores:
        store.redis.zadd(REQUESTS, {json.dumps({"meta": {TASK_META: task}, "url": task}): score})


def test_taking_a_request_holds_it_until_released(store):
    queue(store, ("roll:1", -1), ("article:a", 0))
    taken = store.take("w1")
    assert json.loads(taken)["meta"][TASK_META] == "roll:1"  # the best (highest priority) first
    assert store.redis.hkeys(held_key("w1")) == [b"roll:1"]
    assert not store.drained()
    store.release("w1", "roll:1")
    store.take("w1")
    store.release("w1", "article:a")
    assert store.take("w1") is None and store.drained()


def test_a_dead_workers_requests_go_back_to_the_queue_at_their_priority(store):
    queue(store, ("roll:1", -1), ("article:a", 0), ("article:b", 0))
    store.beat("dead", {})
    store.beat("alive", {})
    store.take("dead")
    store.take("dead")
    store.redis.delete("sinaarchive:worker:dead")  # its heartbeat expired (HEARTBEAT_TTL)
    assert store.recover_dead_workers() == 2
    assert store.redis.zcard(REQUESTS) == 3 and not store.redis.exists(held_key("dead"))
    assert json.loads(store.take("alive"))["meta"][TASK_META] == "roll:1"
    assert store.live_workers() == ["alive"]
    assert store.counts().requeued == 2
    assert store.recover_dead_workers() == 0  # once only


def test_a_heartbeat_expires_within_30_seconds(store):
    store.beat("w1", {})
    assert 0 < store.redis.ttl("sinaarchive:worker:w1") <= HEARTBEAT_TTL <= 30


def test_a_worker_leaving_puts_back_what_it_holds(store):
    queue(store, ("article:a", 0))
    store.beat("w1", {})
    store.take("w1")
    assert store.leave("w1") == 1
    assert store.redis.zcard(REQUESTS) == 1 and store.live_workers() == []
    assert store.counts().requeued == 1


# --- campaigns -------------------------------------------------------------------------------------------------


ARGUMENTS = campaign_arguments(parse_crawl_options(channels="国内", since="2021-07-01"))


def test_the_first_worker_starts_the_campaign_and_the_others_join(store):
    assert store.join("w1", ARGUMENTS) is True
    assert store.join("w2", ARGUMENTS) is False
    assert store.join("w3", campaign_arguments(parse_crawl_options(channels="china", since="2021-07-01"))) is False


def test_a_worker_with_other_arguments_is_refused_while_a_campaign_runs(store):
    store.join("w1", ARGUMENTS)
    with pytest.raises(BadOption, match="same -a arguments"):
        store.join("w2", campaign_arguments(parse_crawl_options(channels="国内")))


def test_a_finished_campaign_is_replaced_by_a_new_one_with_a_fresh_seen_set(store):
    store.join("w1", ARGUMENTS)
    store.redis.sadd(SEEN, "fingerprint")
    store.leave("w1")
    assert store.join("w2", campaign_arguments(parse_crawl_options(channels="国内"))) is True
    assert not store.redis.exists(SEEN)


def test_ending_a_campaign_forgets_its_queue_but_not_the_archive_or_the_items(store):
    store.join("w1", ARGUMENTS)
    store.redis.sadd(SEEN, "fingerprint")
    store.redis.rpush(ITEMS, "an item")
    store.archived(KnownArticle(doc_id="a", path="2021/07/a.md", modified_at=None))
    store.end_campaign()
    assert store.campaign_running()  # w1 is alive: not over
    store.leave("w1")
    store.end_campaign()
    assert not store.campaign_running() and not store.redis.exists(SEEN)
    assert store.items_waiting() == 1 and store.lookup(["a", "b"]) == {
        "a": KnownArticle(doc_id="a", path="2021/07/a.md", modified_at=None)
    }


def test_the_archive_is_published_whole(store):
    known = [KnownArticle(doc_id=f"d{i}", path=f"p{i}.md", modified_at="2021-07-16T02:42:50Z") for i in range(2500)]
    store.archived(KnownArticle(doc_id="stale", path="x.md", modified_at=None))
    assert store.publish_archive(known, [("g1", 3), ("g2", 1)]) == 2500
    assert set(store.lookup(["d0", "d2499", "stale"])) == {"d0", "d2499"}
    assert store.gone(["g1", "g2", "x"], min_failures=3) == {"g1"}


# --- scrapy-redis on current Scrapy ----------------------------------------------------------------------------


def worker_crawler(redis_url, tmp_path):
    """A crawler with the project's settings, made a worker of the cluster at ``redis_url`` (empty: alone)."""
    project = {name: getattr(sinaarchive.settings, name) for name in dir(sinaarchive.settings) if name.isupper()}
    settings = {**project, "SINAARCHIVE_REDIS_URL": redis_url, "SINAARCHIVE_OUTPUT_DIR": str(tmp_path)}
    return get_crawler(SinaFinanceSpider, settings)


def open_scheduler(redis_url, tmp_path) -> ClusterScheduler:
    """The scheduler of one more worker, opened (``worker.close()`` makes it leave)."""
    crawler = worker_crawler(redis_url, tmp_path)
    crawler.spider = crawler._create_spider()
    scheduler = ClusterScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


@pytest.fixture
def scheduler(redis_url, tmp_path):
    scheduler = open_scheduler(redis_url, tmp_path)
    yield scheduler
    scheduler.worker.close()


def article_request(spider, url="https://finance.sina.com.cn/a/doc-ia.shtml", **kwargs):
    _, entry = load_case("reference_2021_guonei")
    return Request(
        url,
        callback=spider.parse_article,
        cb_kwargs={"entry": entry, "channel": resolve_channels("国内")[0]},
        meta={TASK_META: "article:a"},
        **kwargs,
    )


def test_the_worker_settings_replace_scrapys_scheduler_and_the_archive_pipelines(scheduler):
    settings = scheduler.spider.settings
    assert settings["SCHEDULER"] == "sinaarchive.cluster.scheduler.ClusterScheduler"
    assert settings["SCHEDULER_SERIALIZER"] == "sinaarchive.cluster.messages"
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert "sinaarchive.cluster.worker.HandoffPipeline" in pipelines
    assert "sinaarchive.pipelines.ArchivePipeline" not in pipelines
    assert "sinaarchive.images.pipeline.ImagePipeline" not in pipelines


def test_closing_a_worker_keeps_the_shared_queue_and_seen_set(scheduler):
    """scrapy-redis deletes both on close unless SCHEDULER_PERSIST: the first worker done would wipe the rest."""
    assert scheduler.enqueue_request(article_request(scheduler.spider))
    scheduler.close("finished")
    assert scheduler.server.zcard(REQUESTS) == 1 and scheduler.server.scard(SEEN) == 1


def test_the_queue_holds_json_not_pickle(scheduler):
    scheduler.enqueue_request(article_request(scheduler.spider))
    (data,) = scheduler.server.zrange(REQUESTS, 0, -1)
    assert json.loads(data)["url"] == "https://finance.sina.com.cn/a/doc-ia.shtml"


def test_a_request_seen_by_the_cluster_is_not_queued_again(scheduler, redis_url, tmp_path):
    """By any worker: the seen-set is scrapy-redis's, in Redis (Scrapy's own DUPEFILTER_CLASS keeps it in memory)."""
    other = open_scheduler(redis_url, tmp_path)
    assert scheduler.enqueue_request(article_request(scheduler.spider))
    assert not other.enqueue_request(article_request(other.spider))
    assert scheduler.server.zcard(REQUESTS) == 1
    other.worker.close()


def test_a_retry_of_a_held_request_replaces_its_lease(scheduler):
    scheduler.enqueue_request(article_request(scheduler.spider))
    taken = scheduler.next_request()
    worker = scheduler.worker
    assert scheduler.server.hkeys(held_key(worker.id)) == [b"article:a"]
    retry = taken.replace(dont_filter=True)
    retry.meta["retry_times"] = 1
    assert scheduler.enqueue_request(retry)
    assert scheduler.server.hlen(held_key(worker.id)) == 0 and scheduler.server.zcard(REQUESTS) == 1
    assert scheduler.next_request().meta["retry_times"] == 1


def test_only_the_worker_that_starts_a_campaign_lists_the_channels(redis_url, tmp_path):
    """scrapy-redis's start_requests() is never called on Scrapy >= 2.16: the spider's own start() lists, once."""

    async def listed(spider) -> list[str]:
        return [request.url async for request in spider.start()]

    yielded = []
    for _ in range(3):
        crawler = worker_crawler(redis_url, tmp_path)
        yielded.append(asyncio.run(listed(crawler._create_spider(channels="国内,美股"))))
    assert [len(urls) for urls in yielded] == [2, 0, 0]


def test_a_second_worker_joining_a_queue_opens_without_scrapy_deprecations(scheduler, redis_url, tmp_path, caplog):
    """scrapy-redis's open() calls Spider.log(), deprecated: with filterwarnings=error this would raise."""
    scheduler.enqueue_request(article_request(scheduler.spider))
    with caplog.at_level("INFO"):
        joining = open_scheduler(redis_url, tmp_path)
    assert "joining a shared crawl with 1 requests queued" in caplog.text
    assert joining.next_request().url == "https://finance.sina.com.cn/a/doc-ia.shtml"
    joining.worker.close()


# --- the one writer --------------------------------------------------------------------------------------------


def test_a_cluster_has_one_writer_until_its_claim_lapses(store):
    store.claim_writer("box:1:/archive")
    store.claim_writer("box:1:/archive")  # the same writer again
    with pytest.raises(ArchiveBusy, match=r"another writer is ingesting from this cluster \(box:1:/archive\)"):
        store.claim_writer("box:2:/other", patience=1)
    assert store.still_writer("box:1:/archive") and not store.still_writer("box:2:/other")
    store.redis.delete("sinaarchive:writer")  # lapsed: the writer died
    store.claim_writer("box:2:/other")
    assert not store.still_writer("box:1:/archive")
    store.release_writer("box:1:/archive")  # not its claim any more: nothing happens
    assert store.still_writer("box:2:/other")


def test_a_writer_that_died_on_this_host_is_replaced_at_once(store):
    finished = subprocess.Popen(["true"])
    finished.wait()  # its process id now names no process
    gone_pid = finished.pid
    store.claim_writer(f"{socket.gethostname()}:{gone_pid}:/archive")
    store.claim_writer(f"{socket.gethostname()}:{os.getpid()}:/archive", patience=0)
    assert store.still_writer(f"{socket.gethostname()}:{os.getpid()}:/archive")
    with pytest.raises(ArchiveBusy):  # alive, on this host: not replaced
        store.claim_writer(f"{socket.gethostname()}:{gone_pid}:/archive", patience=0)


def test_a_request_whose_callback_raised_is_not_held_any_more(scheduler):
    """Else it would go back to the queue whenever a worker stops, and fail there again for ever."""
    scheduler.enqueue_request(article_request(scheduler.spider))
    taken = scheduler.next_request()
    response = HtmlResponse(taken.url, body=b"<html></html>", request=taken)
    scheduler.worker.crawler.signals.send_catch_log(
        signals.spider_error, failure=Failure(ValueError("a bug")), response=response, spider=scheduler.spider
    )
    assert scheduler.server.hlen(held_key(scheduler.worker.id)) == 0
    scheduler.worker.close()
    assert scheduler.server.zcard(REQUESTS) == 0  # leaving puts nothing back


def test_a_redirect_to_a_page_the_cluster_has_seen_ends_the_lease(scheduler):
    spider = scheduler.spider
    seen = article_request(spider, url="https://finance.sina.com.cn/c/doc-ic.shtml")
    seen.meta[TASK_META] = "article:c"
    scheduler.enqueue_request(seen)
    scheduler.enqueue_request(article_request(spider))
    scheduler.next_request()  # both, in either order (the same priority)
    scheduler.next_request()
    scheduler.worker.release("article:c")
    listed_again = article_request(spider)  # listed by another channel while this worker fetches it
    listed_again.meta[TASK_META] = "article:a"
    assert not scheduler.enqueue_request(listed_again)
    assert scheduler.server.hkeys(held_key(scheduler.worker.id)) == [b"article:a"]  # still held: still being fetched
    redirected = article_request(spider, url="https://finance.sina.com.cn/c/doc-ic.shtml")  # a's page moved to c's
    redirected.meta["redirect_urls"] = ["https://finance.sina.com.cn/a/doc-ia.shtml"]
    assert not scheduler.enqueue_request(redirected)
    assert scheduler.server.hlen(held_key(scheduler.worker.id)) == 0  # article:a is done, not held for ever


def test_without_password_hides_only_the_password():
    assert without_password("redis://:secret@db.lan:6379/0") == "redis://:***@db.lan:6379/0"
    assert without_password("redis://user:secret@db.lan/1") == "redis://user:***@db.lan/1"
    assert without_password("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_the_writer_puts_a_post_where_its_catalog_says_never_where_a_message_says(store, tmp_path):
    crawler = get_crawler(IngestSpider, {"SINAARCHIVE_OUTPUT_DIR": str(tmp_path)})
    spider = IngestSpider.from_crawler(crawler, store=store, name_in_cluster="test")
    archive = Archive(tmp_path)
    try:
        article = cleaned_article("reference_2021_guonei")
        article.post_path = "../../outside.md"  # as a hostile message could say
        taken = spider.read(hand_over(ArticleReady(article=article)), archive)
        assert taken.post_path == ""  # not archived yet: the path is made from the article, as alone
        archive.save(taken)
        article.post_path = "../../outside.md"
        assert spider.read(hand_over(ArticleReady(article=article)), archive).post_path == taken.post_path
    finally:
        archive.close()
