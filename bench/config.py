"""How big and how long each benchmark runs: the full suite (`make bench`) and the tiny one
(`python -m bench --tiny`, run by the smoke test so the harness cannot rot)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """Every size and count the suite uses; `full()` and `tiny()` are the two presets."""

    runs: int
    # 1. bytes per appended message, at each session size (unique messages)
    delta_sizes: tuple[int, ...]
    # 2. kernel CPU per changed tick, at each size; ticks measured per run (median taken)
    tick_sizes: tuple[int, ...]
    ticks_per_run: int
    # 3. first render: the big session's messages / history entries / examples
    render_messages: int
    render_history: int
    render_examples: int
    # 4. live latency: task latencies (s) in the browser, and for %%puffle_turn / wait()
    browser_task_seconds: tuple[float, ...]
    wait_task_seconds: tuple[float, ...]
    # 5. widgets constructed in one go; sessions (of rss_messages) held for the RSS figure
    construct_widgets: int
    rss_sessions: int
    rss_messages: int
    # 6. widgets displayed in one kernel / saved in one notebook
    code_widgets: int
    # 7. client parsing: session size and calls per run
    parse_messages: int
    parse_calls: int
    # 8. kernel free: session size, turn latency (s), trivial cells while idle
    free_messages: int
    free_turn_seconds: float
    free_idle_cells: int
    # 9. poll budget: busy sessions on one key, watched for this many seconds
    budget_sessions: int
    budget_seconds: float

    @classmethod
    def full(cls) -> Sizes:
        """The sizes of issue 10's figures; `make bench` runs these."""
        return cls(
            runs=3,
            delta_sizes=(10, 100, 1000, 5000),
            tick_sizes=(1000, 5000),
            ticks_per_run=3,
            render_messages=1000,
            render_history=50,
            render_examples=200,
            browser_task_seconds=(1.0, 3.25, 5.5, 7.75, 10.0),
            wait_task_seconds=(2.0, 6.0, 10.0),
            construct_widgets=100,
            rss_sessions=10,
            rss_messages=1000,
            code_widgets=10,
            parse_messages=1000,
            parse_calls=20,
            free_messages=1000,
            free_turn_seconds=10.0,
            free_idle_cells=20,
            budget_sessions=20,
            budget_seconds=75.0,
        )

    @classmethod
    def tiny(cls) -> Sizes:
        """Everything once, small and short: checks the harness, measures nothing."""
        return cls(
            runs=1,
            delta_sizes=(3, 10),
            tick_sizes=(10,),
            ticks_per_run=1,
            render_messages=10,
            render_history=2,
            render_examples=2,
            browser_task_seconds=(0.3,),
            wait_task_seconds=(0.3,),
            construct_widgets=3,
            rss_sessions=2,
            rss_messages=10,
            code_widgets=2,
            parse_messages=10,
            parse_calls=2,
            free_messages=10,
            free_turn_seconds=1.0,
            free_idle_cells=3,
            budget_sessions=2,
            budget_seconds=2.0,
        )
