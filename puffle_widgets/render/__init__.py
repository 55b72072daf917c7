"""Static views of sessions: HTML for shared notebooks and exports, Markdown, text, DataFrames.

Nothing here needs a kernel or a browser script: the HTML is a self-styled fragment that reads
well in JupyterLab, VS Code, nbviewer, `nbconvert --to html` and (unstyled) on GitHub.
"""

from __future__ import annotations

from puffle_widgets.render.frame import examples_frame
from puffle_widgets.render.html import session_document, session_html
from puffle_widgets.render.markdown_document import session_markdown
from puffle_widgets.render.markdown_to_html import markdown_to_safe_html
from puffle_widgets.render.rendered_messages import RenderedMessages
from puffle_widgets.render.sessions_table import sessions_html, sessions_text
from puffle_widgets.render.summary import session_summary

__all__ = [
    "RenderedMessages",
    "examples_frame",
    "markdown_to_safe_html",
    "session_document",
    "session_html",
    "session_markdown",
    "session_summary",
    "sessions_html",
    "sessions_text",
]
