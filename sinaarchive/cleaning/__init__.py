"""Cleaning article bodies: rules as data (``rules``) applied by one pure function (``html.clean_body``).

Modules:

- ``rules``: the selector groups (QR_CODES, ACCOUNT_OPENING, APP_PROMOS, ADS, QUOTE_WIDGETS, PLACEHOLDERS,
  SCRIPTS_AND_EMBEDS, METADATA, FORMS), the UNWRAP list, and the tag/attribute/class allowlists;
- ``html``: ``clean_body(body_html, *, base_url) -> str``, the one entry point;
- ``selectors``: compiles the rule groups once into indexed matchers (one tree pass for all rules);
- ``structure``: keeps invalid nestings from changing on a second cleaning (idempotence);
- ``urls`` and ``tree``: URL and lxml helpers.

Decisions worth knowing (details in ``rules`` and ``html``):

- class allowlist: ``img_wrapper``, ``img_descr``, ``fin_reference``, ``ori_titlesource``, ``article-editor``,
  ``show_author``: classes that name an editorial role. ``keyword`` (the CMS stock link) and every layout or
  tracking class go;
- an empty image caption (``<span class="img_descr"></span>``) is dropped;
- links get no ``rel`` (``target`` is stripped, so ``noopener`` would change nothing);
- images always get ``referrerpolicy="no-referrer"`` and an absolute URL, ``https`` for ``*.sinaimg.cn``;
- braces are left alone: escaping them for Nunjucks is the exporter's job.
"""
