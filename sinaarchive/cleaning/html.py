"""STUB: being written. Interface (fixed):

    clean_body(body_html: str, *, base_url: str) -> str

Returns the cleaned body HTML, one block element per line, no blank lines, no indentation, newlines inside
``<pre>`` encoded as ``&#10;``; ``""`` when no content is left.
"""

from __future__ import annotations


def clean_body(body_html: str, *, base_url: str) -> str:
    raise NotImplementedError
