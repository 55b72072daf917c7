"""A local emulator of Puffle's campaign AI chat session API, for tests, notebooks and demos.

    with Emulator(latency=0.05) as emu:
        campaign_id, node_ids = emu.new_campaign(nodes=3)
        ...  # point a client at emu.url with emu.api_key (or os.environ.update(emu.env()))
        emu.faults.status("runAiChatTurn", 429, retry_after=2)
        emu.faults.insufficient_credits(balance=0, required=1)  # 402 on the next /turn
        emu.wait_for_request("runAiChatTurn")
        emu.wait_idle(session_id)
        big = emu.seed_session(campaign_id, node_ids[1], messages=1000, history=50, examples=200)

Or from a shell: `python -m puffle_widgets.emulator --demo [--port 8765] [--db FILE]
[--rate-limit N] [--log-size N]`. It is for local use only: it serves plain http, and a
`--host` other than loopback prints a warning.

It serves the seven operations of spec/openapi.yaml with their request and response shapes.
Choices where the docs are silent:

* Success codes: 201 for create, 202 for `/turn` and `/generate-examples`, 200 otherwise.
* Errors use `{"error": "text"}`, except 401, which uses the documented
  `{"error": {"code": "unauthorized", "message": ...}}`, so clients meet both shapes.
* A path id that fails the documented UUID pattern is 404 on every `{id}` operation (the one
  code all of them document); a bad `campaign_id` query is 400. Another user's session is 404;
  listing another user's campaign returns no sessions (list documents no 404); creating in it
  is 404.
* Bodies are validated strictly by the spec: no coercion (only 2.0 counts as the integer 2, as
  in JSON Schema), no nulls (PATCH cannot null a field), and a PATCH must keep the row in the
  documented Session shape. Unknown query parameters are ignored. Failures are 400 naming the
  field.
* The user's message is appended to `messages` when the turn is claimed; the first turn
  without a skeleton answers with questions; `title` comes from the first message.
* A turn that revises the skeleton keeps `generated_examples`; a PATCH that changes `skeleton`
  clears them (as the docs say). `isFirstBatch` false appends, true or absent overwrites.
* generate-examples checks for a skeleton (400) before it claims (409).
* A 5xx fault on `/turn` or `/generate-examples` answers before the claim, so the row is as it
  was and a retry is safe, as documented.
* Limits the docs do not give: a body over `max_body_size` (2 MiB) is 413, known from
  Content-Length or while it streams, and the key is checked before any body is read; JSON
  nested deeper than 64 levels is 400; `rate_limit=N` allows N requests per key in any 60 s
  (a sliding window), then 429 with Retry-After.
* The request log keeps the last `log_size` requests (10,000), with bodies of at most
  `log_body_limit` bytes (64 KiB); beyond that, sizes only.
* Examples carry an extra `framework_version` (the version they were made from), and history
  entries appear only for the parts a turn changed; the real API may differ on both.
"""

from __future__ import annotations

from puffle_widgets.emulator.emulator import Emulator
from puffle_widgets.emulator.faults import Fault, Faults
from puffle_widgets.emulator.log import RequestLog, RequestRecord

__all__ = ["Emulator", "Fault", "Faults", "RequestLog", "RequestRecord"]
