"""The HTTP routes: the seven documented operations, plus the spec at `GET /openapi.yaml`.

Every handler checks in the same order: the key (401), the path id (404; every `{id}`
operation documents 404), the body (413 when too large, 400), the caller's row (404), then its
own rules (400 "no framework", 409 busy). The body is read only after the key is checked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from puffle_widgets.emulator import operations as ops
from puffle_widgets.emulator.auth import authenticate
from puffle_widgets.emulator.bodies import BodyTooLarge
from puffle_widgets.emulator.jobs import Jobs
from puffle_widgets.emulator.responses import (
    NO_FRAMEWORK,
    SESSION_NOT_FOUND,
    busy,
    error,
    too_large,
    unauthorized,
)
from puffle_widgets.emulator.store import Session, Store
from puffle_widgets.emulator.tasks import EXAMPLES, TURN, claim_examples, claim_turn
from puffle_widgets.emulator.tokens import new_run_handle
from puffle_widgets.emulator.validation import (
    BadRequest,
    check_create,
    check_update,
    parse_body,
)
from puffle_widgets.models import (
    CreateSessionRequest,
    GenerateExamplesRequest,
    TurnRequest,
    UpdateSessionRequest,
    is_valid_uuid,
)

# The spec copy in the repository; a wheel install has none, and the route answers 404.
Endpoint = Callable[[Request], Awaitable[Response]]
AuthedEndpoint = Callable[[Request, str], Awaitable[Response]]

SPEC_PATH: Final = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"


class Api:
    """The route handlers, over one store and one job runner."""

    def __init__(self, store: Store, jobs: Jobs) -> None:
        self.store = store
        self.jobs = jobs

    def routes(self) -> list[Route]:
        """One Starlette route per path, so that a 405 lists every method of that path."""
        one = ops.COLLECTION_PATH + "/{id}"
        return [
            _route(
                ops.COLLECTION_PATH,
                GET=self._authed(self.list_sessions),
                POST=self._authed(self.create_session),
            ),
            _route(
                one,
                GET=self._authed(self.get_session),
                PATCH=self._authed(self.update_session),
                DELETE=self._authed(self.delete_session),
            ),
            _route(one + "/turn", POST=self._authed(self.run_turn)),
            _route(one + "/generate-examples", POST=self._authed(self.generate)),
            _route("/openapi.yaml", GET=self.spec),
        ]

    def _authed(self, handler: AuthedEndpoint) -> Endpoint:
        """`handler` behind the bearer key check (401 first, before anything else)."""

        async def endpoint(request: Request) -> Response:
            user = authenticate(request, self.store)
            if user is None:
                return unauthorized()
            return await handler(request, user)

        return endpoint

    def _owned(self, session_id: str, user_id: str) -> Session | None:
        row = self.store.session(session_id) if is_valid_uuid(session_id) else None
        return row if row is not None and row["user_id"] == user_id else None

    async def list_sessions(self, request: Request, user: str) -> Response:
        """listAiChatSessions: the caller's sessions of one campaign, oldest first."""
        values = request.query_params.getlist("campaign_id")
        if len(values) != 1:
            return error(400, "Query parameter campaign_id is required, exactly once")
        if not is_valid_uuid(values[0]):
            return error(400, f"Query parameter campaign_id: {values[0]!r} is not a valid UUID")
        # A campaign the caller does not own simply has none of the caller's sessions.
        return JSONResponse({"sessions": self.store.sessions_of(user, values[0])})

    async def create_session(self, request: Request, user: str) -> Response:
        """createAiChatSession: an empty session on a node of the caller's campaign (201)."""
        try:
            body = parse_body(await request.body(), CreateSessionRequest)
            check_create(body)
        except BadRequest as exc:
            return error(400, str(exc))
        if self.store.campaign_owner(body.campaign_id) != user:
            return error(404, "Campaign not found")
        if not self.store.has_node(body.campaign_id, body.node_id):
            return error(404, "Sequence node not found in this campaign")
        row = self.store.create_session(user, body.campaign_id, body.node_id)
        return JSONResponse({"session": row}, status_code=201)

    async def get_session(self, request: Request, user: str) -> Response:
        """getAiChatSession: the whole row."""
        row = self._owned(request.path_params["id"], user)
        if row is None:
            return error(404, SESSION_NOT_FOUND)
        return JSONResponse({"session": row})

    async def update_session(self, request: Request, user: str) -> Response:
        """updateAiChatSession: write the keys present; no busy check, as documented."""
        session_id = request.path_params["id"]
        if not is_valid_uuid(session_id):
            return error(404, SESSION_NOT_FOUND)
        try:
            body = parse_body(await request.body(), UpdateSessionRequest)
            check_update(body)
        except BadRequest as exc:
            return error(400, str(exc))
        row = self._owned(session_id, user)
        if row is None:
            return error(404, SESSION_NOT_FOUND)
        fields: dict[str, Any] = body.model_dump(exclude_unset=True)
        # The docs: overwriting the skeleton invalidates the generated examples.
        if "skeleton" in fields and fields["skeleton"] != row["skeleton"]:
            fields.setdefault("generated_examples", None)
        updated = self.store.write(session_id, fields)
        if updated is None:
            return error(404, SESSION_NOT_FOUND)
        return JSONResponse({"session": updated})

    async def delete_session(self, request: Request, user: str) -> Response:
        """deleteAiChatSession: hard delete; a running job is not cancelled."""
        session_id = request.path_params["id"]
        if self._owned(session_id, user) is None or not self.store.delete(session_id):
            return error(404, SESSION_NOT_FOUND)
        return JSONResponse({"success": True})

    async def run_turn(self, request: Request, user: str) -> Response:
        """runAiChatTurn: claim, append the user's message, queue the job (202)."""
        session_id = request.path_params["id"]
        if not is_valid_uuid(session_id):
            return error(404, SESSION_NOT_FOUND)
        try:
            body = parse_body(await request.body(), TurnRequest)
        except BadRequest as exc:
            return error(400, str(exc))
        if self._owned(session_id, user) is None:
            return error(404, SESSION_NOT_FOUND)
        if claim_turn(self.store, session_id, body) is None:
            return self._not_claimed(session_id)
        self.jobs.queue(session_id, TURN, body.to_wire())
        return JSONResponse(new_run_handle(), status_code=202)

    async def generate(self, request: Request, user: str) -> Response:
        """generateAiChatExamples: needs a skeleton; claim and queue the job (202)."""
        session_id = request.path_params["id"]
        if not is_valid_uuid(session_id):
            return error(404, SESSION_NOT_FOUND)
        try:
            body = parse_body(await request.body(), GenerateExamplesRequest)
        except BadRequest as exc:
            return error(400, str(exc))
        row = self._owned(session_id, user)
        if row is None:
            return error(404, SESSION_NOT_FOUND)
        if row["skeleton"] is None:
            return error(400, NO_FRAMEWORK)
        if claim_examples(self.store, session_id) is None:
            return self._not_claimed(session_id)
        self.jobs.queue(session_id, EXAMPLES, body.to_wire())
        return JSONResponse(new_run_handle(), status_code=202)

    def _not_claimed(self, session_id: str) -> Response:
        row = self.store.session(session_id)
        return error(404, SESSION_NOT_FOUND) if row is None else busy(row["task_status"])

    async def spec(self, request: Request) -> Response:
        """The OpenAPI document the emulator follows (no key needed)."""
        if not SPEC_PATH.is_file():
            return error(404, "The spec is only served from a source checkout")
        return FileResponse(SPEC_PATH, media_type="application/yaml")


def _route(path: str, **handlers: Endpoint) -> Route:
    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return Route(path, dispatch, methods=list(handlers))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error(exc.status_code, exc.detail, exc.headers)


async def _too_large(request: Request, exc: Exception) -> Response:
    return too_large(str(exc))


async def _crash(request: Request, exc: Exception) -> Response:
    return error(500, f"Internal emulator error: {type(exc).__name__}")


def build_app(store: Store, jobs: Jobs) -> Starlette:
    """The Starlette app; JSON errors everywhere, and no slash redirects (they are undocumented)."""
    app = Starlette(
        routes=Api(store, jobs).routes(),
        exception_handlers={
            HTTPException: _http_error,
            BodyTooLarge: _too_large,
            Exception: _crash,
        },
    )
    app.router.redirect_slashes = False
    return app
