"""The lab's grid is a widget like the others: in a kernel it takes its front end from the
kernel's one copy of the code, and a closed lab, grid included, is freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest

from puffle_widgets import Puffle
from puffle_widgets.lab import PromptLab
from puffle_widgets.widgets import assets
from puffle_widgets.widgets.assets import asset_text
from tests.lab.conftest import LEADS
from tests.widgets.conftest import drain


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


@pytest.mark.usefixtures("in_a_kernel")
def test_in_a_kernel_the_grid_loads_the_shared_code(make_lab: Callable[..., PromptLab]) -> None:
    grid = make_lab().grid
    code = assets.shared_code()
    assert code is not None
    state = grid.get_state(["_esm", "_css", "code_ref"])
    assert state["code_ref"] == f"IPY_MODEL_{code.model_id}"
    assert state["_css"] == "" and len(state["_esm"]) < 4096
    assert code.code["lab"] == asset_text("lab.js")
    assert asset_text("lab-styles.css") in code.css
    second = make_lab().grid.get_state(["_esm", "code_ref"])
    assert second["code_ref"] == state["code_ref"]  # once per kernel, not once per grid
    assert assets.shared_code() is code


def test_outside_a_kernel_the_grid_carries_its_code_as_text(
    make_lab: Callable[..., PromptLab],
) -> None:
    state = make_lab().grid.get_state(["_esm", "_css", "code_ref"])
    assert state == {
        "_esm": asset_text("lab.js"),
        "_css": asset_text("lab-styles.css"),
        "code_ref": "",
    }


@pytest.mark.usefixtures("loop_errors")
async def test_a_closed_lab_and_its_grid_are_freed(
    client: Puffle, campaign: tuple[str, str]
) -> None:
    lab = PromptLab(*campaign, client=client, leads=LEADS)
    result = lab.run(["Write an intro email for VPs of Sales"])
    await lab.wait()
    result.rate("A", star=True)  # a change from a cell, as from the grid
    refs: list[weakref.ref[object]] = [weakref.ref(lab), weakref.ref(lab.grid)]
    lab.close()
    del lab, result
    await drain()
    gc.collect()
    assert [ref() for ref in refs] == [None, None]
