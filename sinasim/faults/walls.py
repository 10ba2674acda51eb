"""Walls between the crawler and the article: a captcha page, a redirect to a login page, a 403."""

from __future__ import annotations

from urllib.parse import quote

from sinasim.faults.rules import FaultRule, Match
from sinasim.faults.status import error_page
from sinasim.messages import Rule, SimRequest, SimResponse

SIGNIN_PATH = "/signin.php"
LOGIN_URL = "https://login.sina.com.cn/signup/signin.php"


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
    return FaultRule(
        "captcha",
        match,
        times,
        lambda request, index: SimResponse(status=status, body=captcha_page(_original_url(request)), fault="captcha"),
    )


def redirect_to_login(match: Match, times: int | None = None, *, local: bool = True, status: int = 302) -> Rule:
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
        return SimResponse(
            status=status, body=error_page(status), headers=(("Location", location),), fault="login redirect"
        )

    redirect = FaultRule("login redirect", match, times, respond)
    if not local:
        return redirect

    def rule(request: SimRequest) -> SimResponse | None:
        if request.path == SIGNIN_PATH:
            return SimResponse(body=login_page(request.params.get("r", "")), fault="login page")
        return redirect(request)

    return rule


FORBIDDEN_BODY = (
    '<html><head><meta charset="utf-8"><title>403 Forbidden</title></head>\n'
    "<body><h1>403 Forbidden</h1><p>您的访问被拒绝。</p><hr><center>nginx</center></body></html>\n"
).encode()


def forbidden(match: Match, times: int | None = None) -> FaultRule:
    """403 with a short HTML body."""
    return FaultRule(
        "forbidden",
        match,
        times,
        lambda request, index: SimResponse(status=403, body=FORBIDDEN_BODY, fault="forbidden"),
    )
