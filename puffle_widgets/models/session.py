"""The campaign AI chat session and the pieces it holds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from pydantic import Field

from puffle_widgets.models._base import PuffleModel

if TYPE_CHECKING:
    import pandas as pd

CHAT_PROCESSING: Final = "chat_processing"
GENERATING_EXAMPLES: Final = "generating_examples"
TASK_STATUSES: Final = (CHAT_PROCESSING, GENERATING_EXAMPLES)
# A title longer than this is cut in a repr, which must stay one short line.
REPR_TITLE_LIMIT: Final = 60
_BACKTICKS: Final = re.compile(r"`+")


class Message(PuffleModel):
    """One transcript entry; the docs show the roles `user` and `assistant`."""

    role: str
    content: str


class GeneratedExample(PuffleModel):
    """One AI-written sample email for one lead."""

    lead_id: str | None = None
    subject: str | None = None
    body: str | None = None


class Session(PuffleModel):
    """One email's whole drafting state: transcript, skeleton, drafts, examples, busy flag.

    Content fields are None on a fresh session. `task_status` is kept as a plain string so that
    a status the docs do not list yet still parses; `is_busy` is what callers should test.
    """

    id: str
    user_id: str
    campaign_id: str
    node_id: str
    title: str | None = None
    messages: list[Message] | None = None
    draft_subject: str | None = None
    draft_body: str | None = None
    skeleton: dict[str, Any] | None = None
    skeleton_history: list[dict[str, Any]] | None = None
    draft_history: list[dict[str, Any]] | None = None
    framework_version: int | None = None
    generated_examples: list[GeneratedExample] | None = None
    task_status: str | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def is_busy(self) -> bool:
        """True while a turn or an examples run owns the session."""
        return self.task_status is not None

    @property
    def transcript(self) -> list[Message]:
        """The messages, or an empty list on a fresh session."""
        return list(self.messages or [])

    @property
    def examples(self) -> list[GeneratedExample]:
        """The generated examples, or an empty list when there are none."""
        return list(self.generated_examples or [])

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # repr(), str() and rich show these few fields on one line (pydantic would show all,
        # the whole transcript included); `repr` escapes any newline in the title.
        title = self.title
        if title is not None and len(title) > REPR_TITLE_LIMIT:
            title = title[: REPR_TITLE_LIMIT - 1] + "…"
        yield "id", self.id
        yield "title", title
        yield "status", self.task_status or "idle"
        yield "framework_version", self.framework_version
        yield "messages", len(self.messages or [])

    def __str__(self) -> str:
        return repr(self)

    # Static views live in puffle_widgets.render, which imports this module: import it late.
    # This is the one documented exception to the layer rule (models <- render): the model
    # offers its views itself, so plain Python and any notebook front end can show it.

    def _repr_html_(self) -> str:
        """The sanitized static HTML view, for notebook front ends without the extension."""
        from puffle_widgets.render import session_html

        return session_html(self)

    def _repr_markdown_(self) -> str:
        """The session as Markdown, for front ends that prefer it."""
        from puffle_widgets.render import session_markdown

        return session_markdown(self)

    def to_markdown(self) -> str:
        """The session as a Markdown document (transcript, draft, skeleton, history, examples)."""
        from puffle_widgets.render import session_markdown

        return session_markdown(self)

    def to_html(self) -> str:
        """The session as a standalone, self-contained HTML document."""
        from puffle_widgets.render import session_document

        return session_document(self)

    def examples_frame(self) -> pd.DataFrame:
        """The generated examples as a pandas DataFrame (needs pandas)."""
        from puffle_widgets.render import examples_frame

        return examples_frame(self)


class SessionList(list[Session]):
    """A plain `list` of sessions that also shows itself as a table in notebook front ends.

    `client.sessions.list()` returns one, so a campaign's sessions display as the sanitized
    sessions table in JupyterLab, VS Code, marimo or nbconvert without `%load_ext`. Everything
    else is `list`: equality, slicing, pickling, JSON (a slice or `.copy()` is a plain list).
    Wrap any sessions to show them the same way: `SessionList(sessions)`.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The sanitized sessions table (title, node, status, framework, subject, updated)."""
        from puffle_widgets.render import sessions_html

        return sessions_html(self)

    def _repr_markdown_(self) -> str:
        """The sessions as an aligned text table in a code fence."""
        from puffle_widgets.render import sessions_text

        text = sessions_text(self)
        # A fence longer than any run of backticks in the titles, so none can close it.
        longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}text\n{text}\n{fence}"


class TaskRun(PuffleModel):
    """The handle `/turn` and `/generate-examples` return once their task is queued."""

    run_id: str = Field(alias="runId")
    # A client-safe Trigger.dev token, but still a credential: kept out of repr().
    public_access_token: str = Field(alias="publicAccessToken", repr=False)


class SessionResponse(PuffleModel):
    """`{"session": Session}`: the body of get, create and update."""

    session: Session


class SessionListResponse(PuffleModel):
    """`{"sessions": [Session, ...]}`: the body of list."""

    sessions: list[Session]


class DeleteResponse(PuffleModel):
    """`{"success": true}`: the body of delete."""

    success: bool
