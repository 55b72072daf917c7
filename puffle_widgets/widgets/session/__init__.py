"""`SessionWidget`: one session, live in a notebook cell."""

from puffle_widgets.widgets.session.widget import SessionWidget

__all__ = ["SessionWidget"]
