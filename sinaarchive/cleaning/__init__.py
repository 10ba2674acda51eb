"""Cleaning article bodies: rules as data (``rules``) applied by one pure function (``html.clean_body``).

Modules:

- ``rules``: the selector groups (QR_CODES, ACCOUNT_OPENING, APP_PROMOS, ADS, QUOTE_WIDGETS, PLACEHOLDERS,
  SCRIPTS_AND_EMBEDS, METADATA, FORMS), BOLD_STYLED, the UNWRAP list, and the tag/attribute/class allowlists;
- ``html``: ``clean_body(body_html, *, base_url) -> str``, the one entry point, and its passes over the tree;
- ``selectors``: compiles a rule group once into one XPath (cssselect);
- ``structure``: only blocks at the top, and a content model that keeps invalid nestings from changing on a second
  cleaning (idempotence);
- ``whitespace``: line breaks in text become spaces, ASCII whitespace at the edges of blocks goes;
- ``urls`` and ``tree``: URL and lxml helpers.

Decisions worth knowing (details in ``rules`` and ``html``):

- class allowlist: ``img_wrapper``, ``img_descr``, ``fin_reference``, ``ori_titlesource``, ``article-editor``,
  ``show_author``: classes that name an editorial role. ``keyword`` (the CMS stock link) and every layout or
  tracking class go;
- a font or span the CMS styles bold becomes ``<strong>``; other fonts and spans lose their tag;
- an empty image caption (``<span class="img_descr"></span>``) is dropped;
- links get no ``rel`` (``target`` is stripped, so ``noopener`` would change nothing);
- images always get ``referrerpolicy="no-referrer"`` and an absolute URL (from ``src`` or a lazy-loading
  attribute), ``https`` for ``*.sinaimg.cn``;
- a body with no visible text and no image cleans to ``""`` (a lone ``<hr>`` is not an article);
- braces are left alone: escaping them for Nunjucks is the exporter's job.
"""
