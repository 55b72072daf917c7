"""Developer scripts, and the launchers that tests/ and bench/ share (never shipped)."""
