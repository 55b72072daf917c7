"""What a soak reports: the figures, the problems among them, and a short table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tests.soak.checks import Outcome
from tests.soak.watch import Leftovers

# Fds still open after every client and widget closed. Every socket the widgets open is closed by
# then (issue 8's soak found a CampaignWidget's client copy never closed, which kept the pool and
# its keep-alive sockets open, and pools closed under a request still connecting; both fixed,
# with tests in tests/client and tests/widgets). The slack: the emulator serves from a thread of
# this process and closes the server side of each connection the clients closed on its own
# schedule; its sockets are told apart by port, which a socket half-way through closing no longer
# reports. More than this is a leak, and fails the run.
FD_SLACK = 2


@dataclass
class Figures:
    """One soak's figures; `problems()` is empty when it passed."""

    seed: int
    seconds: float
    fault_rate: float
    operations: Counter[str] = field(default_factory=Counter)
    requests: int = 0  # served while faults were on
    by_operation: Counter[str] = field(default_factory=Counter)  # every request, per operation
    faulted: Counter[str] = field(default_factory=Counter)  # ... that met a fault
    faults: dict[str, int] = field(default_factory=dict)
    escapes: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    job_errors: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    log_missed: int = 0
    outcome: Outcome = field(default_factory=Outcome)
    leftovers: Leftovers = field(default_factory=Leftovers)

    def problems(self) -> list[str]:
        """Every check that failed, one line each."""
        o, left = self.outcome, self.leftovers
        found = [
            *(f"escaped: {e}" for e in self.escapes),
            *(f"raised into a cell: {e}" for e in self.cell_errors),
            *(f"emulator job error: {e}" for e in self.job_errors),
            *(f"not settled: {e}" for e in self.unsettled),
            *(f"duplicate claim: {e}" for e in o.duplicates),
            *(f"lost message: {e}" for e in o.lost_messages),
            *(f"stuck in the outbox: {e}" for e in o.stuck_outbox),
            *(f"lost edit: {e}" for e in o.lost_edits),
            *(f"not converged: {e}" for e in o.diverged),
            *(f"task left: {e}" for e in left.tasks),
            *(f"poller left: {e}" for e in left.pollers),
            *(f"scheduler entry left: {e}" for e in left.scheduled),
            *(f"thread left: {e}" for e in left.threads),
            *(f"fd left: {e}" for e in (left.fds if len(left.fds) > FD_SLACK else [])),
            *(f"alive after close: {e}" for e in left.alive),
        ]
        if self.log_missed:
            found.append(
                f"the request log dropped {self.log_missed} records or bodies before the "
                "ledger read them"
            )
        return found

    def table(self) -> str:
        """The figures as a short table."""
        o, left = self.outcome, self.leftovers
        faults = sum(self.faults.values())
        share = faults / self.requests if self.requests else 0.0
        kinds: Counter[str] = Counter()
        for label, count in self.faults.items():
            kinds["delay" if label.startswith("delay:") else label] += count  # one row of delays
        top = ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        rows = [
            ("seed", f"{self.seed}  (replay: PUFFLE_SOAK_SEED={self.seed})"),
            ("driving", f"{self.seconds:g} s at a fault rate of {self.fault_rate:.0%}"),
            ("operations run", f"{sum(self.operations.values())}"),
            ("requests while faulting", f"{self.requests}"),
            ("faults injected", f"{faults} ({share:.0%} of requests): {top}"),
            ("escaped exceptions", f"{len(self.escapes)}"),
            ("raised into cells (unexpected)", f"{len(self.cell_errors)}"),
            ("duplicate claims", f"{len(o.duplicates)}"),
            ("messages", ", ".join(f"{k} {v}" for k, v in o.messages.items()) or "none"),
            ("messages lost / stuck", f"{len(o.lost_messages)} / {len(o.stuck_outbox)}"),
            ("edits", ", ".join(f"{k} {v}" for k, v in o.edits.items()) or "none"),
            ("edits lost", f"{len(o.lost_edits)}"),
            ("converged", f"{o.converged}/{o.compared} widgets; unsettled {len(self.unsettled)}"),
            (
                "left after close",
                f"tasks {len(left.tasks)}, pollers {len(left.pollers)}, scheduler entries "
                f"{len(left.scheduled)}, threads {len(left.threads)}, fds {len(left.fds)} "
                f"(<= {FD_SLACK} allowed), "
                f"widgets alive {len(left.alive)}",
            ),
            ("result", "PASS" if not self.problems() else f"FAIL ({len(self.problems())})"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)

    def operations_table(self) -> str:
        """How often each operation ran, and the requests (and faults) per API operation."""
        ran = [f"{count:7d}  {name}" for name, count in self.operations.most_common()]
        served = [
            f"{count:7d}  {name} ({self.faulted[name]} with a fault)"
            for name, count in self.by_operation.most_common()
        ]
        return "\n".join([*ran, "", "requests (the whole run):", *served])
