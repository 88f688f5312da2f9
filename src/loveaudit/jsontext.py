"""JSON text for reports and baselines, in the standard library's layout, written fast.

``json.dumps`` with an indent runs in pure Python (only its compact form is in C): a
report of 4,000 documents took 3.7 s to render, a fifth of the whole run. orjson writes the
same bytes (two-space indent, ``": "`` and ``","`` separators, characters kept as UTF-8)
in well under half that time. The one place the two differ is the spelling of a float
below 1e-4 or from 1e16 up ("1e-05" against "0.00001"), the same number either way, and
reports round their figures long before that; and a NaN or infinite float, which no
figure of a report can be (thresholds are validated as finite), would be written as
``null``, valid JSON, where the standard library writes an invalid ``NaN``. A value orjson
refuses (a lone surrogate, an integer past 64 bits, a key that is not a string) goes
through the standard library, so nothing that rendered before fails now.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(data: Any, *, indent: bool = True) -> str:
    """``data`` as JSON text: indented by two spaces, or compact (no spaces at all)."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        if indent:
            text = json.dumps(data, indent=2, ensure_ascii=False)
        else:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "##[" anywhere on a line of a GitHub Actions log is a workflow command (the older
    # syntax), and a quoted sentence or a file name may hold it; it can only occur inside
    # a string here, where "\u005b" is the same "[" to any reader
    return text.replace("##[", "##\\u005b") if "##[" in text else text
