"""The delegating methods on Session, and the import order between models and render."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from puffle_widgets.models import Session
from puffle_widgets.render import session_document, session_html, session_markdown


def test_to_markdown_and_to_html_delegate(rich_session: Session) -> None:
    assert rich_session.to_markdown() == session_markdown(rich_session)
    assert rich_session.to_html() == session_document(rich_session)


def test_display_hooks_are_the_static_views(rich_session: Session) -> None:
    # Without the extension a front end shows the static view; with it, the Jupyter layer's
    # display formatter (the live widget) runs before these and wins.
    assert rich_session._repr_html_() == session_html(rich_session)
    assert rich_session._repr_markdown_() == session_markdown(rich_session)
    assert not hasattr(Session, "_repr_mimebundle_")


def test_models_import_render_only_inside_functions() -> None:
    # render imports models, so a module-level import the other way round would be a cycle.
    import puffle_widgets.models

    package = Path(puffle_widgets.models.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            assert not any(n.startswith("puffle_widgets.render") for n in names), path


def test_render_imports_on_its_own() -> None:
    subprocess.run([sys.executable, "-c", "import puffle_widgets.render"], check=True)
