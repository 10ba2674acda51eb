"""The simulator's image hosts: valid, distinct bytes per URL, hotlink protection, image faults; pages unchanged."""

from __future__ import annotations

import re

from sinaarchive.images.check import check_image
from sinasim import build_site
from sinasim.app import SimulatorApp
from sinasim.faults import html_as_image, huge_image
from sinasim.messages import SimRequest
from sinasim.rollapi import UrlStyle


def get(app: SimulatorApp, path: str, referer: str | None = None):
    headers = {"Referer": referer} if referer is not None else {}
    return app.handle(SimRequest(method="GET", host="n.sinaimg.cn", path=path, query="", headers=headers))


def test_every_image_url_gets_its_own_valid_bytes_every_time() -> None:
    app = SimulatorApp(build_site(5, seed=1), urls=UrlStyle(None))
    paths = ["/finance/transform/1/w550h315/20260928/a-1.png", "/finance/transform/1/w550h315/20260928/a-2.png"]
    first, second = (get(app, path) for path in paths)
    assert first.status == second.status == 200
    assert first.body != second.body
    assert get(app, paths[0]).body == first.body
    for path, media_type in [(paths[0], "image/png"), ("/x.gif", "image/gif"), ("/x.jpg", "image/jpeg")]:
        answer = get(app, path)
        assert answer.content_type == media_type
        assert check_image(status=200, body=answer.body, content_type=answer.content_type).media_type == media_type


def test_a_foreign_referer_gets_403_and_a_sina_one_or_none_the_image() -> None:
    app = SimulatorApp(build_site(5, seed=1), urls=UrlStyle(None))
    assert get(app, "/a.png", "https://www.example.com/page").status == 403
    assert get(app, "/a.png", "https://finance.sina.com.cn/").status == 200
    assert get(app, "/a.png", "http://k.sina.cn/article.html").status == 200
    assert get(app, "/a.png").status == 200


def test_image_faults() -> None:
    app = SimulatorApp(build_site(5, seed=1), urls=UrlStyle(None))
    app.rules += [html_as_image(re.compile(r"/html\.jpg$")), huge_image(re.compile(r"/huge\.png$"), 50_000)]
    html = get(app, "/html.jpg")
    assert html.status == 200 and html.content_type == "image/jpeg" and html.body.lstrip().startswith(b"<")
    huge = get(app, "/huge.png")
    assert len(huge.body) == 50_000 and huge.body.startswith(b"\x89PNG")


def test_article_pages_show_the_image_urls_the_image_hosts_serve() -> None:
    site = build_site(40, seed=2)
    app = SimulatorApp(site, urls=UrlStyle(None))
    article = next(a for a in site.articles if a.images)
    for image in article.images:
        assert image.url.startswith("//n.sinaimg.cn/")
        assert get(app, image.url.removeprefix("//n.sinaimg.cn")).status == 200
