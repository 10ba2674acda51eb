"""The cluster's state in Redis: every key it uses, and the few operations that change them together.

One cluster per Redis database (``redis://HOST:PORT/DB``); every key starts with ``sinaarchive:``.

- ``requests`` (sorted set, scrapy-redis's priority queue) and ``seen`` (set, scrapy-redis's fingerprints): the
  current campaign's shared crawl.
- ``held:<worker>`` (hash task → "score data"): the requests a worker has taken from the queue and not finished.
  Taking is one atomic step (pop + hold), so a killed worker's requests are still here; once its heartbeat has
  expired, any process puts them back in the queue (``recover_dead_workers``).
- ``workers`` (set) and ``worker:<id>`` (heartbeat, expires after ``HEARTBEAT_TTL`` seconds).
- ``campaign`` (hash: arguments, started): what the workers are crawling now; ``counters`` and ``failed`` (hash
  worker → count) its numbers, cleared when it ends.
- ``items`` (list) and ``writing`` (list): hand-over from workers to the writer; the writer moves an item to
  ``writing`` and removes it only once written, so a killed writer loses nothing.
- ``writer`` (expires like a heartbeat): the one writer's name; a second writer is refused.
- ``archived`` (hash doc id → {path, modified_at}) and ``gone`` (hash doc id → runs): what the catalog knows,
  published by the writer for the workers' "already archived?" check.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import redis
from redis.typing import EncodableT, FieldT

from sinaarchive.archive.catalog import KnownArticle
from sinaarchive.archive.lock import ArchiveBusy
from sinaarchive.options import BadOption
from sinaarchive.processes import process_running

logger = logging.getLogger(__name__)

PREFIX = "sinaarchive:"
REQUESTS = PREFIX + "requests"
SEEN = PREFIX + "seen"
WORKERS = PREFIX + "workers"
CAMPAIGN = PREFIX + "campaign"
COUNTERS = PREFIX + "counters"
FAILED = PREFIX + "failed"
ITEMS = PREFIX + "items"
WRITING = PREFIX + "writing"
REJECTED = PREFIX + "rejected"
ARCHIVED = PREFIX + "archived"
GONE = PREFIX + "gone"
CAMPAIGN_LOCK = PREFIX + "lock:campaign"
WRITER = PREFIX + "writer"
# A worker that has not said it is alive for this long is dead; its held requests go back to the queue.
HEARTBEAT_TTL = 10
TASK_META = "sinaarchive_task"
"""Request meta naming the work a request stands for (``article:<doc id>``, ``roll:<lid>:<page>``): the key of its
lease, the same for its retries and redirects."""

# Pop the best request and hold it for this worker, in one step. Held value: "<score> <request>".
_TAKE = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
local ok, decoded = pcall(cjson.decode, top[1])
local task = ok and type(decoded) == 'table' and type(decoded['meta']) == 'table' and decoded['meta'][ARGV[1]]
if type(task) ~= 'string' then task = redis.sha1hex(top[1]) end
redis.call('HSET', KEYS[2], task, top[2] .. ' ' .. top[1])
return top[1]
"""
# Put every request a worker holds back in the queue, at its priority; returns how many.
_RELEASE_ALL = """
local held = redis.call('HVALS', KEYS[1])
for _, value in ipairs(held) do
  local space = string.find(value, ' ', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(value, 1, space - 1)), string.sub(value, space + 1))
end
redis.call('DEL', KEYS[1])
return #held
"""


def held_key(worker: str) -> str:
    return f"{PREFIX}held:{worker}"


def heartbeat_key(worker: str) -> str:
    return f"{PREFIX}worker:{worker}"


def check_redis_url(url: str, name: str = "SINAARCHIVE_REDIS_URL") -> str:
    """``redis://HOST:PORT/DB`` (or ``rediss://``, ``unix://``), or ``BadOption`` saying what is expected."""
    text = (url or "").strip()
    if urlsplit(text).scheme not in ("redis", "rediss", "unix") or len(text) <= len("redis://"):
        raise BadOption(
            f"{name}={without_password(text)!r} is not a Redis URL; use redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0"
        )
    return text


def connect(url: str, name: str = "SINAARCHIVE_REDIS_URL") -> redis.Redis:
    """A client for ``url``, checked to answer; ``BadOption`` (with what to do) when it does not."""
    client = redis.Redis.from_url(check_redis_url(url, name), socket_timeout=30, socket_connect_timeout=10)
    try:
        client.ping()
    except redis.RedisError as exc:
        shown = without_password(url)
        raise BadOption(f"cannot reach Redis at {shown}: {exc}; start redis-server there or fix {name}") from None
    return client


def without_password(url: str) -> str:
    """``url`` fit for a log: ``redis://:secret@host/0`` → ``redis://:***@host/0``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username or ''}:***@{host}").geturl()


@dataclass(frozen=True, kw_only=True)
class ClusterCounts:
    """What ``cluster-status`` prints and the writer logs."""

    workers_alive: int
    requests_queued: int
    requests_held: int
    items_waiting: int
    archived: int
    failed: int
    requeued: int

    def lines(self) -> list[str]:
        return [
            f"workers alive      {self.workers_alive}",
            f"requests queued    {self.requests_queued} (held by workers {self.requests_held})",
            f"items waiting      {self.items_waiting}",
            f"articles archived  {self.archived}",
            f"failed             {self.failed}",
            f"re-queued          {self.requeued}",
        ]

    def one_line(self) -> str:
        return (
            f"workers alive {self.workers_alive}, requests queued {self.requests_queued} "
            f"(held {self.requests_held}), items waiting {self.items_waiting}, archived {self.archived}, "
            f"failed {self.failed}, re-queued {self.requeued}"
        )


class ClusterStore:
    """The Redis database of one cluster."""

    def __init__(self, client: redis.Redis) -> None:
        self.redis = client
        self._take = client.register_script(_TAKE)
        self._release_all = client.register_script(_RELEASE_ALL)

    # --- workers and campaigns ---------------------------------------------------------------------------------

    def join(self, worker: str, arguments: dict[str, str]) -> bool:
        """Register ``worker`` in the running campaign, or start a new one if none runs (the last one is over).
        Returns whether this worker starts it (and so lists the channels). ``BadOption`` when the running campaign
        crawls with other arguments."""
        wanted = json.dumps(arguments, sort_keys=True)
        with self.redis.lock(CAMPAIGN_LOCK, timeout=30, blocking_timeout=30):
            self.recover_dead_workers()
            starts = not self.redis.exists(CAMPAIGN) or not self.busy()
            if not starts:
                self.check_arguments(arguments)
            else:
                self.redis.delete(REQUESTS, SEEN, COUNTERS, FAILED)
                self.redis.hset(CAMPAIGN, mapping={"arguments": wanted, "started": str(int(time.time()))})
            self.beat(worker, {})
        return starts

    def check_arguments(self, arguments: dict[str, str]) -> None:
        """``BadOption`` when a campaign is running with other spider arguments than ``arguments``."""
        running = self.text(self.redis.hget(CAMPAIGN, "arguments"))
        if running is not None and running != json.dumps(arguments, sort_keys=True) and self.busy():
            given = " ".join(f"-a {name}={value}" for name, value in json.loads(running).items() if value)
            raise BadOption(
                f"the cluster's running campaign crawls with other spider arguments ({given}); start this worker "
                "with the same -a arguments, or wait until the campaign is over"
            )

    def busy(self) -> bool:
        """Some worker is alive, or work is queued or held: the campaign is not over."""
        return bool(self.live_workers() or self.redis.zcard(REQUESTS) or self.held_count())

    def beat(self, worker: str, info: dict[str, Any]) -> None:
        """``worker`` is alive (for ``HEARTBEAT_TTL`` seconds)."""
        pipe = self.redis.pipeline()
        pipe.sadd(WORKERS, worker)
        pipe.set(heartbeat_key(worker), json.dumps(info), ex=HEARTBEAT_TTL)
        pipe.execute()

    def report_failed(self, worker: str, failed: int) -> None:
        self.redis.hset(FAILED, worker, failed)

    def leave(self, worker: str) -> int:
        """``worker`` stops: what it still holds goes back to the queue (returns how many)."""
        self.redis.delete(heartbeat_key(worker))
        return self.remove(worker)

    def remove(self, worker: str) -> int:
        """Take ``worker`` out of the cluster, its held requests back into the queue (counted as re-queued)."""
        returned = int(self._release_all(keys=[held_key(worker), REQUESTS]))
        pipe = self.redis.pipeline()
        pipe.srem(WORKERS, worker)
        if returned:
            pipe.hincrby(COUNTERS, "requeued", returned)
        pipe.execute()
        return returned

    def members(self) -> list[str]:
        """The workers that joined and have not been removed, alive or not."""
        return sorted(self.text(w) or "" for w in self.redis.smembers(WORKERS))

    def heartbeats(self) -> dict[str, bool]:
        """Every member → whether its heartbeat is still there, read at once (a worker joining meanwhile is in
        neither read, not taken for dead)."""
        workers = self.members()
        beats = self.redis.mget([heartbeat_key(w) for w in workers]) if workers else []
        return {worker: beat is not None for worker, beat in zip(workers, beats, strict=True)}

    def live_workers(self) -> list[str]:
        return [worker for worker, alive in self.heartbeats().items() if alive]

    def recover_dead_workers(self) -> int:
        """Put the requests of every worker whose heartbeat expired back in the queue; returns how many."""
        returned = 0
        for worker in (w for w, alive in self.heartbeats().items() if not alive):
            count = self.remove(worker)
            if count:
                logger.warning("worker %s stopped answering: %d of its requests queued again", worker, count)
            returned += count
        return returned

    def held_count(self) -> int:
        keys = [held_key(worker) for worker in self.members()]
        pipe = self.redis.pipeline()
        for key in keys:
            pipe.hlen(key)
        return sum(pipe.execute()) if keys else 0

    def drained(self) -> bool:
        """Nothing queued and nothing held by any worker: the shared crawl has no work left."""
        return not self.redis.zcard(REQUESTS) and not self.held_count()

    def campaign_running(self) -> bool:
        return bool(self.redis.exists(CAMPAIGN))

    def end_campaign(self) -> None:
        """Forget the finished campaign's queue, seen-set and counters (the next workers start a new one)."""
        with self.redis.lock(CAMPAIGN_LOCK, timeout=30, blocking_timeout=30):
            if not self.busy():
                self.redis.delete(CAMPAIGN, REQUESTS, SEEN, COUNTERS, FAILED)

    # --- leases ------------------------------------------------------------------------------------------------

    def take(self, worker: str) -> bytes | None:
        """The best queued request, now held by ``worker``; ``None`` when the queue is empty."""
        taken = self._take(keys=[REQUESTS, held_key(worker)], args=[TASK_META])
        return cast(bytes | None, taken or None)

    def release(self, worker: str, task: str, *, also: redis.client.Pipeline | None = None) -> None:
        """``worker`` is done with ``task`` (its follow-ups are queued, its item handed over)."""
        pipe = also if also is not None else self.redis.pipeline()
        pipe.hdel(held_key(worker), task)
        if also is None:
            pipe.execute()

    # --- the one writer -------------------------------------------------------------------------------------------

    def claim_writer(self, name: str, *, patience: float = HEARTBEAT_TTL + 1) -> None:
        """Become the cluster's writer (``name`` is ``host:pid:folder``), or ``ArchiveBusy`` naming the one that is.
        Only the writer may put back what a killed writer had taken. A killed writer's claim lapses like a
        heartbeat, so this waits up to ``patience`` seconds for it; one that died on this host is replaced at once."""
        deadline = time.monotonic() + patience
        while not self.redis.set(WRITER, name, nx=True, ex=HEARTBEAT_TTL):
            holder = self.text(self.redis.get(WRITER)) or ""
            if holder == name:
                return
            if died_on_this_host(holder):
                self.redis.delete(WRITER)
            elif time.monotonic() < deadline:
                time.sleep(0.5)
            else:
                raise ArchiveBusy(
                    f"another writer is ingesting from this cluster ({holder}); a cluster has one writer: this one exits"
                )

    def still_writer(self, name: str) -> bool:
        """Renew the claim (call it more often than ``HEARTBEAT_TTL``); ``False`` if another writer holds it."""
        if self.text(self.redis.get(WRITER)) != name:
            return False
        self.redis.expire(WRITER, HEARTBEAT_TTL)
        return True

    def release_writer(self, name: str) -> None:
        if self.text(self.redis.get(WRITER)) == name:
            self.redis.delete(WRITER)

    # --- hand-over -----------------------------------------------------------------------------------------------

    def hand_over(self, worker: str, task: str, message: str) -> None:
        """Queue ``message`` for the writer and end ``task``'s lease, in one transaction."""
        pipe = self.redis.pipeline()
        pipe.rpush(ITEMS, message)
        self.release(worker, task, also=pipe)
        pipe.execute()

    def take_item(self) -> str | None:
        """The next item for the writer, moved to ``writing`` until ``item_written``."""
        raw = self.redis.lmove(ITEMS, WRITING, "LEFT", "RIGHT")
        return raw.decode() if isinstance(raw, bytes) else raw

    def item_written(self, raw: str) -> None:
        self.redis.lrem(WRITING, 1, raw)

    def resume_writing(self) -> int:
        """Items a killed writer had taken go back to the front of the queue; returns how many."""
        moved = 0
        while self.redis.lmove(WRITING, ITEMS, "RIGHT", "LEFT") is not None:
            moved += 1
        return moved

    def set_aside(self, raw: str) -> None:
        """An item the writer cannot read goes to ``rejected`` (for a person to look at), out of the way."""
        pipe = self.redis.pipeline()
        pipe.rpush(REJECTED, raw)
        pipe.lrem(WRITING, 1, raw)
        pipe.execute()

    def items_waiting(self) -> int:
        return int(self.redis.llen(ITEMS)) + int(self.redis.llen(WRITING))

    # --- what the archive knows --------------------------------------------------------------------------------

    def publish_archive(self, known: Iterable[KnownArticle], gone: Iterable[tuple[str, int]]) -> int:
        """Replace ``archived`` and ``gone`` with the catalog's contents; returns the number of archived articles."""
        self.replace_hash(GONE, ((doc_id, str(runs)) for doc_id, runs in gone))
        return self.replace_hash(ARCHIVED, ((k.doc_id, known_json(k)) for k in known))

    def replace_hash(self, key: str, pairs: Iterable[tuple[str, str]]) -> int:
        """Fill ``key`` with ``pairs``: built aside in chunks, then renamed, so readers never see half of it."""
        building = key + ":building"
        self.redis.delete(building)
        chunk: dict[FieldT, EncodableT] = {}
        total = 0
        for field, value in pairs:
            chunk[field] = value
            total += 1
            if len(chunk) >= 1000:
                self.redis.hset(building, mapping=dict(chunk))
                chunk.clear()
        if chunk:
            self.redis.hset(building, mapping=dict(chunk))
        if total:
            self.redis.rename(building, key)
        else:
            self.redis.delete(key)
        return total

    def archived(self, known: KnownArticle) -> None:
        self.redis.hset(ARCHIVED, known.doc_id, known_json(known))

    def gone_runs(self, doc_id: str, runs: int) -> None:
        self.redis.hset(GONE, doc_id, runs)

    def gone_runs_of(self, doc_id: str) -> int:
        return int(self.redis.hget(GONE, doc_id) or 0)

    def lookup(self, doc_ids: Iterable[str]) -> dict[str, KnownArticle]:
        ids = list(dict.fromkeys(doc_ids))
        values = self.redis.hmget(ARCHIVED, ids) if ids else []
        found = {}
        for doc_id, value in zip(ids, values, strict=True):
            if value is not None:
                data = json.loads(value)
                found[doc_id] = KnownArticle(doc_id=doc_id, path=data["path"], modified_at=data["modified_at"])
        return found

    def gone(self, doc_ids: Iterable[str], *, min_failures: int) -> set[str]:
        ids = list(dict.fromkeys(doc_ids))
        values = self.redis.hmget(GONE, ids) if ids else []
        return {
            doc_id for doc_id, runs in zip(ids, values, strict=True) if runs is not None and int(runs) >= min_failures
        }

    # --- status ------------------------------------------------------------------------------------------------

    def counts(self) -> ClusterCounts:
        counters = {self.text(k): int(v) for k, v in self.redis.hgetall(COUNTERS).items()}
        return ClusterCounts(
            workers_alive=len(self.live_workers()),
            requests_queued=int(self.redis.zcard(REQUESTS)),
            requests_held=self.held_count(),
            items_waiting=self.items_waiting(),
            archived=int(self.redis.hlen(ARCHIVED)),
            failed=sum(int(v) for v in self.redis.hvals(FAILED)),
            requeued=counters.get("requeued", 0),
        )

    def worker_lines(self) -> list[str]:
        """One line per live worker: what it has fetched and holds (shows whether the work is shared fairly)."""
        lines = []
        for worker in self.live_workers():
            info = json.loads(self.redis.get(heartbeat_key(worker)) or "{}")
            held = self.redis.hlen(held_key(worker))
            lines.append(f"  {worker}: fetched {info.get('fetched', 0)}, holding {held}")
        return lines

    @staticmethod
    def text(value: bytes | str | None) -> str | None:
        return value.decode() if isinstance(value, bytes) else value


def died_on_this_host(writer: str) -> bool:
    """The writer named ``host:pid:folder`` ran on this machine and its process is gone."""
    host, _, rest = writer.partition(":")
    pid = rest.partition(":")[0]
    return host == socket.gethostname() and pid.isdigit() and not process_running(int(pid))


def known_json(known: KnownArticle) -> str:
    return json.dumps({"path": known.path, "modified_at": known.modified_at})
