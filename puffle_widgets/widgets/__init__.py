"""The notebook widgets: `SessionWidget` (one session) and `CampaignWidget` (a campaign), and
`in_kernel`, the display check the Jupyter formatters share.

The widget classes (and with them ipywidgets and the built front end) load on first use, so
the formatters can ask `in_kernel()` in a terminal without loading any of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puffle_widgets.widgets.display import in_kernel

if TYPE_CHECKING:
    from puffle_widgets.widgets.campaign import CampaignWidget
    from puffle_widgets.widgets.session import SessionWidget

_LAZY = {
    "CampaignWidget": "puffle_widgets.widgets.campaign",
    "SessionWidget": "puffle_widgets.widgets.session",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'puffle_widgets.widgets' has no attribute {name!r}")


__all__ = ["CampaignWidget", "SessionWidget", "in_kernel"]
