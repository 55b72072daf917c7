"""The fault soak (issue 8): widgets driven from cells, the browser and the loop while the
emulator answers ~30% of requests with a fault. `python -m tests.soak` runs the long one."""
