"""Membership of token ids in a sorted id array, shared by the pipeline and sentiment."""

from __future__ import annotations

import numpy as np


def is_one_of(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of ``values`` (token ORTH or LOWER ids) are in ``ids``, which must be sorted
    and not empty: a binary search, several times faster than np.isin on a document's few
    hundred tokens, since np.isin hashes ``ids`` again on every call."""
    at = np.minimum(np.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values
