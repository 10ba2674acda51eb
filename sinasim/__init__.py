"""A local Sina Finance simulator: a synthetic site served over real HTTP, for tests, try-outs and benchmarks.

- ``site``: the deterministic site model (``build_site``);
- ``pages``: article pages in each template era (v2017, v2014, blk/GBK, news.sina.com.cn);
- ``rollapi.py``: roll-API JSON shaped like ``feed.mix.sina.com.cn/api/roll/get``;
- ``messages.py``: ``SimRequest``, ``SimResponse`` and the fault-rule hook; ``app.py``: routes, control endpoints
  and the request log, without sockets; ``server.py``: the ``http.server`` server and ``Simulator``;
- ``faults``: fault-injection rules (HTTP errors, hangs, drops, truncation, roll-API and anti-bot faults)
  and the ``all_faults`` preset; ``hostile.py``: hostile titles and bodies, article-less pages;
- ``python -m sinasim``: run it from the command line.

Nothing here reads saved Sina pages at run time: real pages were studied, and their markup rewritten into ``pages``.
"""

from sinasim.server import SimRequest, SimResponse, Simulator, run_simulator
from sinasim.site import SimArticle, Site, build_site

__all__ = ["SimArticle", "SimRequest", "SimResponse", "Simulator", "Site", "build_site", "run_simulator"]
