"""Where the front-end code goes: once per kernel, in a hidden model every widget's loader
imports from; inline (the whole bundle in `_esm`) where no kernel can share it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puffle_widgets import CampaignWidget, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.widgets import assets
from puffle_widgets.widgets.assets import FrontEndCode, asset_text
from tests.widgets.conftest import make


@pytest.fixture
def in_a_kernel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As in a Jupyter kernel (the code is shared), with a fresh code model."""
    monkeypatch.setattr(assets, "in_kernel", lambda: True)
    monkeypatch.setattr(assets, "_shared", None)
    monkeypatch.delenv("PUFFLE_WIDGETS_INLINE_CODE", raising=False)
    yield
    code = assets.shared_code()
    if code is not None:
        code.close()


async def test_outside_a_kernel_a_widget_carries_its_whole_front_end(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    state = w.get_state()
    assert state["code_ref"] == ""
    assert state["_esm"] == asset_text("session.js")
    assert state["_css"] == asset_text("styles.css")
    assert state["_anywidget_id"] == "puffle_widgets.widgets.session.widget.SessionWidget"


@pytest.mark.usefixtures("in_a_kernel")
async def test_in_a_kernel_widgets_share_one_copy_of_the_code(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    first = make(widgets, drafted_id, client)
    second = make(widgets, drafted_id, client)
    code = assets.shared_code()
    assert isinstance(code, FrontEndCode)
    for w in (first, second):
        state = w.get_state()
        assert state["code_ref"] == f"IPY_MODEL_{code.model_id}"
        assert state["_css"] == ""
        assert len(state["_esm"]) < 4096
        assert code.digest in state["_esm"]
    assert code.code["session"] == asset_text("session.js")
    assert code.css == asset_text("styles.css") + asset_text("lab-styles.css")
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    table = CampaignWidget(campaign_id, client=client)
    try:
        assert table.code_ref == f"IPY_MODEL_{code.model_id}"
    finally:
        table.close()
    first.close()
    assert code.comm is not None  # the code outlives the widgets: the next one needs it


@pytest.mark.usefixtures("in_a_kernel")
async def test_a_closed_code_model_is_made_again(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    make(widgets, drafted_id, client)
    code = assets.shared_code()
    assert code is not None
    code.close()  # e.g. ipywidgets.Widget.close_all()
    w = make(widgets, drafted_id, client)
    again = assets.shared_code()
    assert again is not None and again is not code
    assert w.code_ref == f"IPY_MODEL_{again.model_id}"


@pytest.mark.usefixtures("in_a_kernel")
async def test_inline_code_can_be_asked_for(
    widgets: list[SessionWidget],
    client: Puffle,
    drafted_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUFFLE_WIDGETS_INLINE_CODE", "1")
    w = make(widgets, drafted_id, client)
    assert w.code_ref == ""
    assert w.get_state()["_esm"] == asset_text("session.js")


@pytest.mark.usefixtures("in_a_kernel")
async def test_a_rebuilt_front_end_reaches_open_widgets(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    code = assets.shared_code()
    assert code is not None
    before = w.get_state()["_esm"]
    code.set_trait("digest", "rebuilt0000000000")  # as FrontEndCode.load() after a rebuild
    w.take_code(code)
    assert w.get_state()["_esm"] != before
    assert "rebuilt0000000000" in w.get_state()["_esm"]
