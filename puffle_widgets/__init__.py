"""puffle-widgets: Puffle's campaign AI chat sessions in Jupyter, and a typed client for them.

The client and models import eagerly; the widgets (and with them ipywidgets) load on first use,
so `from puffle_widgets import Puffle` stays light in scripts.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from puffle_widgets._version import __version__
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DraftConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PuffleError,
    RateLimitError,
    SessionBusyError,
    WaitTimeoutError,
)
from puffle_widgets.models import (
    GeneratedExample,
    Message,
    SampleLead,
    SequenceContext,
    Session,
    SessionList,
    TaskRun,
)

# A library logs; the application decides where logs go (nothing reaches stderr by default).
logging.getLogger("puffle_widgets").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from puffle_widgets.widgets import CampaignWidget, SessionWidget

_LAZY = {"SessionWidget": "puffle_widgets.widgets", "CampaignWidget": "puffle_widgets.widgets"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'puffle_widgets' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext puffle_widgets`: register the magics and display formatters."""
    from puffle_widgets.jupyter.extension import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """`%unload_ext puffle_widgets`: remove what `load_ipython_extension` registered."""
    from puffle_widgets.jupyter.extension import unload_ipython_extension as unload

    unload(ipython)


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPuffle",
    "AuthenticationError",
    "BadRequestError",
    "CampaignWidget",
    "DraftConflictError",
    "GeneratedExample",
    "InternalServerError",
    "Message",
    "NotFoundError",
    "PermissionDeniedError",
    "Puffle",
    "PuffleError",
    "RateLimitError",
    "SampleLead",
    "SequenceContext",
    "Session",
    "SessionBusyError",
    "SessionList",
    "SessionWidget",
    "TaskRun",
    "WaitTimeoutError",
    "__version__",
]
