"""`python -m tests.soak [--seconds 600] [--seed N] [--fault-rate 0.3]`: the long soak
(`make soak`); prints its figures as a table and exits 1 if any check failed."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys

from tests.soak.run import soak


def main() -> int:
    """Run one soak from the command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__)
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("PUFFLE_SOAK_SECONDS", "600"))
    )
    parser.add_argument("--seed", type=int, default=os.environ.get("PUFFLE_SOAK_SEED"))
    parser.add_argument("--fault-rate", type=float, default=0.3)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    print(f"fault soak: {args.seconds:g} s, seed {seed}", flush=True)
    figures = asyncio.run(soak(args.seconds, seed, args.fault_rate))
    print(figures.table())
    print("\noperations:\n" + figures.operations_table())
    problems = figures.problems()
    if problems:
        print("\nproblems:\n" + "\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
