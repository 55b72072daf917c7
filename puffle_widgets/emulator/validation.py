"""Request bodies: JSON parsing, the shared pydantic request models, and the spec's stricter rules.

The shared models are tolerant (they serve the client); the spec is strict: no request field is
nullable, types are not coerced (an integral float is an integer, as in JSON Schema),
`task_status` is an enum and `framework_version` a safe integer.
Every failure is a `BadRequest` whose message names the field. Ids are checked with full
matches (a trailing newline is not part of a UUID), and JSON nested deeper than `MAX_DEPTH`
levels is refused before anything recurses into it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from puffle_widgets.models import (
    TASK_STATUSES,
    CreateSessionRequest,
    UpdateSessionRequest,
)

MAX_SAFE_INTEGER: Final = 9007199254740991
# Far deeper than any session field needs, far shallower than Python's recursion limit.
MAX_DEPTH: Final = 64
# The create body only says `format: uuid` (no version pattern), so any RFC 4122 layout passes.
_UUID_FORMAT = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")

Model = TypeVar("Model", bound=BaseModel)


class BadRequest(Exception):
    """A request the API answers with 400; the message names the offending field."""


def _depth_exceeds(data: Any, limit: int) -> bool:
    """True when `data` nests arrays and objects more than `limit` levels deep (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return False


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _reject_nulls(model: BaseModel, prefix: str) -> None:
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        wire = field.alias or name
        where = f"{prefix}.{wire}" if prefix else wire
        if value is None and name in model.model_fields_set:
            raise BadRequest(f"Invalid request body: {where}: must not be null")
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                _reject_nulls(item, f"{where}[{index}]" if isinstance(value, list) else where)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    # `SequenceContext | None` or `list[SampleLead] | None`: two levels of arguments suffice.
    outer = get_args(annotation)
    candidates = [annotation, *outer, *(inner for arg in outer for inner in get_args(arg))]
    return [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]


def _integral_floats(data: Any, model: type[BaseModel]) -> Any:
    """JSON Schema counts 2.0 as an integer, strict pydantic does not: turn integral floats in
    the model's int fields into ints (free-form fields are left exactly as sent)."""
    if not isinstance(data, dict):
        return data
    fixed = dict(data)
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in fixed:
            continue
        value = fixed[key]
        if isinstance(value, float) and value.is_integer() and int in get_args(field.annotation):
            fixed[key] = int(value)
        for nested in _models_in(field.annotation):
            if isinstance(value, list):
                fixed[key] = [_integral_floats(item, nested) for item in value]
            else:
                fixed[key] = _integral_floats(value, nested)
    return fixed


def parse_body(raw: bytes, model: type[Model]) -> Model:
    """`raw` validated as `model` by its wire names, strictly; BadRequest naming the field."""
    if not raw.strip():
        raise BadRequest("Request body is required: send a JSON object")
    too_deep = f"Request body is nested too deeply: at most {MAX_DEPTH} levels of arrays/objects"
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise BadRequest(too_deep) from None
    except ValueError as exc:
        raise BadRequest(f"Request body is not valid JSON: {exc}") from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise BadRequest(too_deep)
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object")
    try:
        data = _integral_floats(data, model)
        parsed = model.model_validate(data, strict=True, by_alias=True, by_name=False)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = _where(tuple(error["loc"]))
        raise BadRequest(f"Invalid request body: {where}: {error['msg']}") from None
    _reject_nulls(parsed, "")
    return parsed


def check_create(request: CreateSessionRequest) -> None:
    """Both ids of a create body must look like UUIDs."""
    for name in ("campaign_id", "node_id"):
        value = getattr(request, name)
        if not _UUID_FORMAT.fullmatch(value):
            raise BadRequest(f"Invalid request body: {name}: {value!r} is not a valid UUID")


def _strings(value: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in keys:
        if key in value and not isinstance(value[key], str):
            raise BadRequest(f"Invalid request body: {where}.{key}: must be a string")


def _check_skeleton(skeleton: Mapping[str, Any]) -> None:
    keys = ("hook", "value_prop", "subject", "body", "exampleSubject", "exampleBody")
    _strings(skeleton, keys, "skeleton")
    blocks = skeleton.get("blocks", [])
    if not isinstance(blocks, list):
        raise BadRequest("Invalid request body: skeleton.blocks: must be an array")
    for index, block in enumerate(blocks):
        where = f"skeleton.blocks[{index}]"
        if not isinstance(block, dict):
            raise BadRequest(f"Invalid request body: {where}: must be an object")
        _strings(block, ("name", "strategy"), where)
        personalization = block.get("personalization", {})
        if not isinstance(personalization, dict):
            raise BadRequest(f"Invalid request body: {where}.personalization: must be an object")
        _strings(personalization, ("approach", "fallback"), f"{where}.personalization")
        fields = personalization.get("fields", [])
        if not (isinstance(fields, list) and all(isinstance(f, str) for f in fields)):
            message = f"{where}.personalization.fields: must be an array of strings"
            raise BadRequest(f"Invalid request body: {message}")


def check_update(request: UpdateSessionRequest) -> None:
    """The PATCH rules pydantic does not know: the enum, the integer range, and that the row
    keeps the documented Session shape (a message has string role and content, ...)."""
    if request.task_status is not None and request.task_status not in TASK_STATUSES:
        allowed = ", ".join(TASK_STATUSES)
        raise BadRequest(f"Invalid request body: task_status: must be one of {allowed}")
    version = request.framework_version
    if version is not None and not -MAX_SAFE_INTEGER <= version <= MAX_SAFE_INTEGER:
        raise BadRequest("Invalid request body: framework_version: out of the safe integer range")
    for index, message in enumerate(request.messages or []):
        for key in ("role", "content"):
            if not isinstance(message.get(key), str):
                where = f"messages[{index}].{key}"
                raise BadRequest(f"Invalid request body: {where}: a string is required")
    if request.skeleton is not None:
        _check_skeleton(request.skeleton)
    for index, example in enumerate(request.generated_examples or []):
        _strings(example, ("lead_id", "subject", "body"), f"generated_examples[{index}]")
