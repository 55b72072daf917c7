"""The notebook widgets: `SessionWidget` (one session) and `CampaignWidget` (a campaign), and
what other widgets of this project build on (the prompt lab's grid): the display with a static
snapshot (`show_live`, `widget_bundle`, `StaticFallback`), front-end code shared once per
kernel (`CodeShared`), the clients a widget works with (`client_pair`, `close_owned`), the
end-of-cell flush (`mark_changed`, `forget`), `open_session_widgets`, and `in_kernel`.

The widget classes (and with them ipywidgets and the built front end) load on first use, so
the formatters can ask `in_kernel()` in a terminal without loading any of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puffle_widgets.widgets.display import StaticFallback, in_kernel, show_live, widget_bundle
from puffle_widgets.widgets.flush import forget, mark_changed
from puffle_widgets.widgets.opened import open_session_widgets

if TYPE_CHECKING:
    from puffle_widgets.widgets.assets import CodeShared
    from puffle_widgets.widgets.campaign import CampaignWidget
    from puffle_widgets.widgets.clients import client_pair, close_owned
    from puffle_widgets.widgets.session import SessionWidget

_LAZY = {
    "CampaignWidget": "puffle_widgets.widgets.campaign",
    "CodeShared": "puffle_widgets.widgets.assets",
    "SessionWidget": "puffle_widgets.widgets.session",
    "client_pair": "puffle_widgets.widgets.clients",
    "close_owned": "puffle_widgets.widgets.clients",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'puffle_widgets.widgets' has no attribute {name!r}")


__all__ = [
    "CampaignWidget",
    "CodeShared",
    "SessionWidget",
    "StaticFallback",
    "client_pair",
    "close_owned",
    "forget",
    "in_kernel",
    "mark_changed",
    "open_session_widgets",
    "show_live",
    "widget_bundle",
]
