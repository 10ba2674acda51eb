"""The ``redis_server`` and ``redis_url`` fixtures (``tests/redis_server.py``) give a real, private Redis.

Every test here starts by checking that its database is empty and ends by leaving a key in it: three tests on at
most two processes (``-n 2``), so at least two share a server and the later one proves the flush between tests.
"""

from __future__ import annotations

import socket

import pytest
import redis

pytestmark = pytest.mark.redis


def test_set_and_get_through_redis_py(redis_url):
    with redis.Redis.from_url(redis_url) as client:
        assert client.dbsize() == 0
        assert client.set("sinaarchive:test:greeting", "你好") is True
        assert client.get("sinaarchive:test:greeting").decode("utf-8") == "你好"


def test_each_test_gets_an_empty_database(redis_url):
    with redis.Redis.from_url(redis_url) as client:
        assert client.dbsize() == 0, client.keys()
        client.rpush("sinaarchive:test:left-behind", "a", "b")
        assert client.dbsize() == 1


def test_server_is_private_on_loopback_at_its_port(redis_url, redis_server):
    assert redis_url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert redis_server.url(5) == f"redis://127.0.0.1:{redis_server.port}/5"
    with socket.create_connection(("127.0.0.1", redis_server.port), timeout=5) as raw:
        raw.sendall(b"PING\r\n")
        assert raw.recv(64) == b"+PONG\r\n"
    with redis.Redis.from_url(redis_url) as client:
        assert client.dbsize() == 0
        assert client.info("server")["process_id"] == redis_server.process.pid  # ours, not the machine's Redis
        assert client.config_get("bind")["bind"] == "127.0.0.1"
        assert client.config_get("port")["port"] == str(redis_server.port)
        assert client.config_get("save")["save"] == ""
        assert client.config_get("appendonly")["appendonly"] == "no"
        assert int(client.config_get("databases")["databases"]) >= 16
        client.set("sinaarchive:test:left-behind", "1")
