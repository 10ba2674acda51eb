"""Deterministic stand-ins for the long script and style bodies of real pages: JS-like and CSS-like text.

Real Sina pages carry tens of kilobytes of inline code (the SUDA tracker, SSO cookie helpers, the video player's
and login layer's CSS; see ``cruft``). The project must not copy it, and nothing reads it but a parser and a
cleaner, so it is generated: minified-looking JavaScript (functions, cookie and beacon calls, config objects) and
CSS rules, from a fixed vocabulary and a RNG seeded by a name, so the same name and size always give the same text.

Every output is ASCII and holds no ``</`` (a script or style ends only at its own end tag) and no ``-->``.
Callers build their blocks once (module constants or ``functools.cache``); nothing here runs per page.
"""

from __future__ import annotations

import random
from functools import cache

_PROPS = (
    "init",
    "bind",
    "send",
    "get",
    "set",
    "cookie",
    "uid",
    "ref",
    "url",
    "param",
    "query",
    "track",
    "click",
    "expose",
    "render",
    "load",
    "callback",
    "timer",
    "ready",
    "data",
    "opts",
    "conf",
    "channel",
    "page",
    "domain",
    "path",
    "type",
    "value",
    "key",
    "node",
    "list",
    "item",
    "push",
    "join",
    "split",
    "replace",
    "indexOf",
    "substring",
    "getTime",
    "random",
    "floor",
    "handler",
    "target",
    "attr",
    "style",
    "visible",
    "offset",
    "scroll",
)
_HOSTS = (
    "beacon.sina.com.cn",
    "sbeacon.sina.com.cn",
    "d1.sina.com.cn",
    "d5.sina.com.cn",
    "i.sso.sina.com.cn",
    "n.sinaimg.cn",
    "finance.sina.com.cn",
    "news.sina.com.cn",
    "i1.sinaimg.cn",
    "cre.mix.sina.com.cn",
    "comment5.news.sina.com.cn",
    "hq.sinajs.cn",
    "interface.sina.cn",
    "feed.mix.sina.com.cn",
)
_PATHS = (
    "a.gif",
    "e.gif",
    "mrt.gif",
    "b.gif",
    "api/v3/get",
    "js/suda.js",
    "litong/zhitou/sinaads/release/sinaads.js",
    "api/roll/get",
    "page/info.json",
    "other/src/app.js",
    "js/pctianyi/feed.js",
    "common/channelnav/js/nav.js",
)
_KEYS = (
    "SINAGLOBAL",
    "Apache",
    "ULV",
    "UOR",
    "SUB",
    "SUBP",
    "vjuids",
    "vjlast",
    "lxlrttp",
    "SCF",
    "ALF",
    "U_TRS1",
    "U_TRS2",
    "FINA_V_S_2",
    "SUDA_UID",
    "SINA_NEWS_CUSTOMIZE_city",
    "sso_info",
    "ustat",
    "rotatecount",
)
_EVENTS = ("click", "load", "scroll", "resize", "mousedown", "mouseover", "unload", "beforeunload", "focus")
_WORDS = ("pv", "uv", "click", "expose", "share", "cmnt", "fav", "top", "feed", "nav", "hq", "ad", "video", "tab")

_CSS_PARTS = (
    "wrap",
    "inner",
    "hd",
    "bd",
    "ft",
    "title",
    "list",
    "item",
    "pic",
    "txt",
    "btn",
    "icon",
    "tab",
    "cont",
    "more",
    "close",
    "layer",
    "mask",
    "arrow",
    "link",
    "box",
    "bar",
    "control",
    "progress",
    "volume",
    "menu",
    "tips",
    "advert",
    "button",
    "slider",
    "handle",
    "time",
    "remain",
    "poster",
    "loading",
    "spinner",
    "play",
    "pause",
    "fullscreen",
    "mute",
    "rate",
    "caption",
    "text",
    "track",
    "display",
    "modal",
    "dialog",
    "skin",
    "logo",
)
_CSS_DECLS = (
    "position:absolute",
    "position:relative",
    "display:block",
    "display:none",
    "display:inline-block",
    "overflow:hidden",
    "float:left",
    "float:right",
    "clear:both",
    "cursor:pointer",
    "text-align:center",
    "white-space:nowrap",
    "text-overflow:ellipsis",
    "font-weight:normal",
    "font-weight:bold",
    "zoom:1",
    "box-sizing:border-box",
    "outline:none",
    "border:0",
    "background:transparent",
    "visibility:hidden",
    "vertical-align:middle",
    "pointer-events:none",
    "-webkit-user-select:none",
    "transition:all .2s ease-out",
)
_CSS_SIZES = (
    "width",
    "height",
    "line-height",
    "font-size",
    "top",
    "left",
    "right",
    "bottom",
    "margin-top",
    "margin-left",
    "padding-left",
    "padding-top",
    "border-radius",
    "min-width",
    "max-height",
)
_CSS_COLORS = ("color", "background-color", "border-color")


def _name(rng: random.Random) -> str:
    first = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
    return first + (rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") if rng.random() < 0.4 else "")


def _string(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.35:
        return f"//{rng.choice(_HOSTS)}/{rng.choice(_PATHS)}"
    if pick < 0.6:
        return rng.choice(_KEYS)
    if pick < 0.8:
        return f"{rng.choice(_WORDS)}_{rng.choice(_WORDS)}_{rng.randint(1, 99)}"
    return rng.choice(("|", ",", ";", "&", "=", "; path=/; domain=.sina.com.cn", "V=2.1.16", "utf-8"))


def _statement(rng: random.Random) -> str:
    """One minified statement or function, drawn from the shapes tracking code is made of."""
    a, b, c, d = (_name(rng) for _ in range(4))
    p, q = rng.choice(_PROPS), rng.choice(_PROPS)
    s, t = _string(rng), _string(rng)
    n = rng.randint(0, 9999)
    shapes = (
        (
            f'function {a}({b},{c}){{var {d}={b}.{p}("{s}"),i=0;for(;i<{d}.length;i++){{if({d}[i]=={c}){{return i}}}}'
            f"return -1}}"
        ),
        (
            f'{a}.{p}=function({b}){{if(typeof {b}=="undefined"){{return ""}}return encodeURIComponent({b})'
            f'.replace(/%20/g,"+")}};'
        ),
        f'var {a}={{"{p}":"{s}","{q}":{n},"{rng.choice(_PROPS)}":[{n % 7},{n % 13},{n % 31}]}};',
        f'try{{{a}("{s}",{b}.{p})}}catch({c}){{{d}.{q}={c}.message}}',
        (
            f'{a}.addEventListener?{a}.addEventListener("{rng.choice(_EVENTS)}",function(){{{b}({c},"{s}")}},false)'
            f':{a}.attachEvent("on{rng.choice(_EVENTS)}",function(){{{b}({c},"{s}")}});'
        ),
        (
            f'document.cookie="{rng.choice(_KEYS)}="+escape({a})+"; expires="+(new Date({b}.getTime()+{n}*864e5))'
            f'.toGMTString()+"; path=/; domain=.sina.com.cn";'
        ),
        f'if(window.{a}&&{a}.{p}){{{a}.{p}({{url:"{s}",{q}:"{t}",t:+new Date}})}}',
        (
            f'var {a}=new Image();{a}.src="//{rng.choice(_HOSTS)}/{rng.choice(_PATHS)}?"+{b}.{p}.join("&")'
            f'+"&r="+Math.random();'
        ),
        (
            f'function {a}({b}){{var {c}=document.cookie.match(new RegExp("(^| ){b}=([^;]*)(;|$)"));'
            f'return {c}==null?"":unescape({c}[2])}}'
        ),
        f"for(var {a}=0,{b}={c}.length;{a}<{b};{a}++){{{d}.push({c}[{a}].{p}||{n})}}",
        f'{a}=setTimeout(function(){{{b}.{p}("{s}");clearTimeout({a})}},{n % 3000});',
        (
            f"var {a}=(function(){{var {b}={{}};return {{{p}:function({c},{d}){{{b}[{c}]={d}}},"
            f"{q}:function({c}){{return {b}[{c}]}}}}}})();"
        ),
        f'{a}.{p}=({b}.{q}||"").split("{s}").slice(0,{n % 9 + 1});',
        f'if(!{a}.{p}){{return}}{b}={a}.{p}.substring({n % 17},{a}.{p}.indexOf("{s}"));',
    )
    return rng.choice(shapes)


@cache
def js(name: str, size: int, *, wrap: bool = True) -> str:
    """About ``size`` characters of minified JS-like code; ``wrap``: inside ``(function(){…})();`` like SUDA."""
    rng = random.Random(f"js/{name}")  # noqa: S311 - reproducible filler, not secrets
    parts, length = [], 0
    while length < size:
        statement = _statement(rng)
        parts.append(statement)
        length += len(statement)
    code = "".join(parts)
    return f"(function(){{{code}}})();" if wrap else code


def _selector(rng: random.Random, prefix: str) -> str:
    one = f".{prefix}-{rng.choice(_CSS_PARTS)}"
    pick = rng.random()
    if pick < 0.3:
        return f"{one} .{prefix}-{rng.choice(_CSS_PARTS)}"
    if pick < 0.45:
        return f"{one}:hover,{one}.{prefix}-on"
    if pick < 0.55:
        return f"{one}:before"
    if pick < 0.7:
        return f"{one}-{rng.choice(_CSS_PARTS)} {rng.choice(('a', 'span', 'i', 'img', 'li', 'p'))}"
    return one


def _declaration(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.45:
        return rng.choice(_CSS_DECLS)
    if pick < 0.8:
        return f"{rng.choice(_CSS_SIZES)}:{rng.randint(0, 640)}px"
    return f"{rng.choice(_CSS_COLORS)}:#{rng.randrange(0x1000000):06x}"


@cache
def css(name: str, size: int, prefix: str, *, pretty: bool = False) -> str:
    """About ``size`` characters of CSS rules on ``.prefix-…`` classes; ``pretty``: one rule per line, indented."""
    rng = random.Random(f"css/{name}")  # noqa: S311
    rules, length = [], 0
    while length < size:
        decls = ";".join(_declaration(rng) for _ in range(rng.randint(2, 7)))
        rule = f"{_selector(rng, prefix)}{{{decls};}}"
        rules.append(rule)
        length += len(rule) + 1
    if pretty:
        return "\n" + "".join(f"    {rule}\n" for rule in rules)
    return "".join(rules)
