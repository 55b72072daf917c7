"""The soak's ledger reads what every PATCH wrote from the emulator's request log; a body the
log dropped before the ledger read it must count as missed, never as a PATCH that was not sent
(read too late, a saved edit looked lost: issue 8's soak reported "lost edits" that were saved)."""

from __future__ import annotations

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.soak.ledger import Ledger


def test_a_patch_whose_body_left_the_log_counts_as_missed_not_unsent() -> None:
    with Emulator(latency=0.05, log_body_limit=4096) as emu:
        emu.requests.body_budget = 8192  # a small budget, so a few bodies push the first out
        campaign_id, nodes = emu.new_campaign(nodes=1)
        with Puffle(api_key=emu.api_key, base_url=emu.url) as client:
            session_id = client.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id
            read_in_time, read_late = Ledger(), Ledger()
            client.sessions.update(session_id, title="saved #1")
            read_in_time.scan(emu)
            for n in range(10):
                client.sessions.update(session_id, draft_body=f"{n} " + "x" * 2000)
        read_late.scan(emu)
    assert read_in_time.written[(session_id, "title")] == ["saved #1"]
    assert read_in_time.missed == 0
    assert read_late.written[(session_id, "title")] == []
    assert read_late.missed > 0  # said, so the soak fails instead of reporting a lost edit
