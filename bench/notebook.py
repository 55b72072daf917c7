"""A notebook of code cells, as nbformat v4 JSON (no nbformat calls: it is untyped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def notebook(cells: Sequence[str]) -> dict[str, Any]:
    """A v4.5 notebook whose cells are `cells` (code), for the python3 kernel."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"bench-{i}",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for i, source in enumerate(cells)
        ],
        "metadata": {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
