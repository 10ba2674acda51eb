"""Writing YAML scalars by hand, in the reference post's forms, so that every value reads back unchanged.

The reference layout (``categories: `` with a trailing space, one-space bullets, ``'…'`` titles, an unquoted
RFC 1123 date) cannot be produced by a generic dumper, so the post is written line by line and each scalar goes
through one of these functions. Both js-yaml (Hexo, YAML 1.2) and PyYAML (python-frontmatter, YAML 1.1) must read
the same string back: quoting decisions take the stricter of the two.
"""

from __future__ import annotations

import re

# Characters a single-quoted scalar cannot carry verbatim: line breaks (YAML 1.1 also breaks on NEL, LS and PS),
# other C0/C1 controls, DEL, BOM and the non-characters PyYAML's reader rejects.
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# A plain (unquoted) scalar is written only when it is this boring: it starts with a letter or an ideograph that
# no YAML indicator or number can start with, and holds nothing that could end or retype it.
_PLAIN_START = re.compile(r"[^\W\d_]", re.UNICODE)
_PLAIN_FORBIDDEN = re.compile(r": |:$| #|[\t\[\]{},&*!|>'\"%@`]")
# Words YAML 1.1 or 1.2 read as booleans or null when unquoted (PyYAML: yes/no/on/off/y/n too).
_RESERVED_WORDS = frozenset(
    ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"],
)


def single_quoted(value: str) -> str:
    """``'…'`` with ``'`` doubled, the reference's form; double-quoted escapes where that cannot hold the value."""
    if _NEEDS_ESCAPE.search(value):
        return double_quoted(value)
    return "'" + value.replace("'", "''") + "'"


def double_quoted(value: str) -> str:
    """``"…"`` with YAML escapes; round-trips any string (both YAML versions share these escapes)."""
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _NEEDS_ESCAPE.match(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def plain_or_quoted(value: str) -> str:
    """The value unquoted when YAML reads it back as the same string, single-quoted otherwise."""
    if (
        value
        and value == value.strip()
        and _PLAIN_START.match(value)
        and not _PLAIN_FORBIDDEN.search(value)
        and not _NEEDS_ESCAPE.search(value)
        and value.lower() not in _RESERVED_WORDS
    ):
        return value
    return single_quoted(value)
