"""The front-end code goes out once per kernel: a notebook showing ten widgets, executed by
nbclient with widget state stored (as `jupyter nbconvert --execute` does), saves the bundle
once, and each widget's own `_esm` is a small loader naming the model that holds it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from puffle_widgets.widgets.assets import asset_text
from tests.jupyter.conftest import run_notebook

pytestmark = pytest.mark.notebook

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGETS = 10


@pytest.fixture(scope="module")
def shown() -> Any:
    """Ten session widgets and a campaign widget, shown and saved."""
    return run_notebook(
        [
            "%load_ext puffle_widgets\nemu = %puffle_emulator --latency 0.1\n"
            "from puffle_widgets import CampaignWidget, SessionWidget\n"
            'sid = emu.demo_session_ids["drafted"]',
            *[f"SessionWidget(sid)  # {i}" for i in range(WIDGETS)],
            "CampaignWidget(emu.demo_campaign_id)",
        ]
    )


def models(nb: Any) -> dict[str, Any]:
    found: dict[str, Any] = nb.metadata["widgets"][WIDGET_STATE]["state"]
    return found


def test_a_notebook_of_ten_widgets_saves_the_code_once(shown: Any) -> None:
    saved = json.dumps(shown.metadata["widgets"])
    bundle = asset_text("session.js").strip()
    piece = bundle[len(bundle) // 2 : len(bundle) // 2 + 200]  # any part of it will do
    assert saved.count(json.dumps(piece)[1:-1]) == 1
    css = asset_text("styles.css").strip()
    piece = css[len(css) // 2 : len(css) // 2 + 200]  # past the base rules the lab's CSS shares
    assert saved.count(json.dumps(piece)[1:-1]) == 1


def test_each_widget_loads_its_code_from_the_shared_model(shown: Any) -> None:
    states = models(shown)
    sessions = [s["state"] for s in states.values() if "session_id" in s["state"]]
    assert len(sessions) == WIDGETS
    [code_id] = [i for i, s in states.items() if "digest" in s["state"]]
    for state in sessions:
        assert state["code_ref"] == f"IPY_MODEL_{code_id}"
        assert len(state["_esm"]) < 4096
        assert state["_css"] == ""
    tables = [s["state"] for s in states.values() if "rows" in s["state"]]
    assert [t["code_ref"] for t in tables] == [f"IPY_MODEL_{code_id}"]
    code = states[code_id]["state"]
    assert set(code["code"]) == {"session", "campaign", "lab"}
    assert states[code_id]["model_name"] == "WidgetModel"
