"""Speed of voting.counting against pabutools 1.2.3 on the shared Pabulib files.

Usage::

    python benchmarks/bench_counting.py [--files NAME ...] [--rules RULE ...]
        [--pabutools-timeout 120] [--pabutools-memory-gb 4] [--sequential]
        [--data DIR]

Prints one JSON line per file and rule::

    {"bench": "count", "instance": "Poland_Krakow_2024.pb", "rule": "mes",
     "seconds": 0.2, "pabutools_seconds": 12.9, "ratio": 64.5, "peak_mb": 160.1,
     "same_winners": true, "pabutools": "ok", ...}

``seconds`` is the wall-clock time of one ``count()`` call (parsing excluded, as
for pabutools), measured in a child process; ``cpu_seconds`` its CPU time (and
``cpu_ratio`` the CPU-time ratio), steadier on a busy machine where the two
children share the cores with other work; ``peak_mb`` is that child's peak
resident memory (``os.wait4``'s rusage). pabutools runs in its own child at the
same time ("side by side"; ``--sequential`` runs them one after the other) under a
time limit and an address-space limit. When pabutools is not installed or does not
finish, ``pabutools_seconds`` is null, ``pabutools`` says ``missing`` or
``timeout``, and the winners are compared with ``expected.json`` instead;
``readme_pabutools_seconds`` always gives the timing recorded there. pabutools'
greedy ignores cumulative points, so for cumulative files greedy winners are
compared with ``expected.json`` (``reference`` says which was used).

The data folder is ``--data``, else ``PABULIB_DIR``, else ``shared/data/pabulib``
beside the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RULES = ("greedy", "mes", "mes_add1_greedy")


def data_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    configured = os.environ.get("PABULIB_DIR")
    if configured:
        return Path(configured)
    return REPO.parent / "shared" / "data" / "pabulib"


# ---------------------------------------------------------------------------
# Children: each prints one JSON object on stdout.


def child_ours(path: Path, rule: str) -> dict:
    sys.path.insert(0, str(REPO))
    from voting.counting import count
    from voting.pabulib import parse_pabulib

    election = parse_pabulib(path.read_text(encoding="utf-8"))
    budget, costs, ballots = election.budget, election.costs, election.ballots()
    start, cpu = time.perf_counter(), time.process_time()
    result = count(rule, budget=budget, costs=costs, ballots=ballots)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "winners": result.winners}


def child_pabutools(path: Path, rule: str) -> dict:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = parse_pabulib(str(path))
    if rule == "mes_add1_greedy":  # the faster form, as in expected.json
        profile = profile.as_multiprofile()
    start, cpu = time.perf_counter(), time.process_time()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        add1 = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        )
        outcome = greedy_utilitarian_welfare(
            instance, profile, sat_class=Cost_Sat, initial_budget_allocation=add1
        )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "winners": sorted(p.name for p in outcome),
    }


# ---------------------------------------------------------------------------
# Parent


class Child:
    """A child process whose peak memory is read from its own rusage."""

    def __init__(self, which: str, path: Path, rule: str, memory_gb: float) -> None:
        limit = int(memory_gb * 2**30) if which == "pabutools" else None

        def limit_memory() -> None:  # runs in the child before exec
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        self.process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                which,
                "--file",
                str(path),
                "--rules",
                rule,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=limit_memory,
            start_new_session=True,
        )
        self.started = time.monotonic()
        self.status: int | None = None
        self.peak_mb: float | None = None
        self.timed_out = False

    def poll(self, timeout: float | None) -> bool:
        """Reap the child if it ended; kill it past ``timeout`` seconds."""
        if self.status is not None:
            return True
        pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if pid:
            self.status = status
            self.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
            return True
        if timeout is not None and time.monotonic() - self.started > timeout:
            self.timed_out = True
            os.killpg(self.process.pid, signal.SIGKILL)
            _, self.status, usage = os.wait4(self.process.pid, 0)
            self.peak_mb = usage.ru_maxrss / 1024
            return True
        return False

    def result(self) -> dict | None:
        output = self.process.stdout.read() if self.process.stdout else b""
        errors = self.process.stderr.read() if self.process.stderr else b""
        if (
            self.timed_out
            or self.status is None
            or os.waitstatus_to_exitcode(self.status)
        ):
            if errors and not self.timed_out:
                sys.stderr.write(errors.decode(errors="replace")[-2000:])
            return None
        return json.loads(output)


def run_pair(
    path: Path,
    rule: str,
    *,
    pabutools: bool,
    timeout: float,
    memory_gb: float,
    sequential: bool,
) -> tuple[Child, Child | None]:
    ours = Child("ours", path, rule, memory_gb)
    if sequential:
        while not ours.poll(None):
            time.sleep(0.01)
    theirs = Child("pabutools", path, rule, memory_gb) if pabutools else None
    while not (ours.poll(None) & (theirs is None or theirs.poll(timeout))):
        time.sleep(0.01)
    return ours, theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", help="file names (default: all)")
    parser.add_argument("--rules", nargs="*", choices=RULES, default=list(RULES))
    parser.add_argument("--pabutools-timeout", type=float, default=120.0)
    parser.add_argument("--pabutools-memory-gb", type=float, default=4.0)
    parser.add_argument("--sequential", action="store_true")
    parser.add_argument("--data", help="folder with the .pb files and expected.json")
    parser.add_argument(
        "--child", choices=("ours", "pabutools"), help=argparse.SUPPRESS
    )
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        run = child_ours if args.child == "ours" else child_pabutools
        print(json.dumps(run(Path(args.file), args.rules[0])))
        return 0

    folder = data_dir(args.data)
    expected_path = folder / "expected.json"
    if not expected_path.is_file():
        print(
            f"no Pabulib data in {folder} (set PABULIB_DIR or --data)", file=sys.stderr
        )
        return 2
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    names = args.files or sorted(expected, key=lambda name: expected[name]["voters"])
    have_pabutools = importlib.util.find_spec("pabutools") is not None
    for name in names:
        info = expected.get(name, {})
        for rule in args.rules:
            ours, theirs = run_pair(
                folder / name,
                rule,
                pabutools=have_pabutools,
                timeout=args.pabutools_timeout,
                memory_gb=args.pabutools_memory_gb,
                sequential=args.sequential,
            )
            mine = ours.result()
            reference = theirs.result() if theirs else None
            line = {
                "bench": "count",
                "instance": name,
                "rule": rule,
                "seconds": round(mine["seconds"], 4) if mine else None,
                "pabutools_seconds": (
                    round(reference["seconds"], 4) if reference else None
                ),
                "ratio": None,
                "peak_mb": round(ours.peak_mb, 1) if ours.peak_mb else None,
                "same_winners": None,
                "pabutools": (
                    "missing"
                    if theirs is None
                    else "timeout"
                    if theirs.timed_out
                    else "ok"
                    if reference
                    else "error"
                ),
                "pabutools_peak_mb": (
                    round(theirs.peak_mb, 1) if theirs and theirs.peak_mb else None
                ),
                "readme_pabutools_seconds": info.get("seconds", {}).get(rule),
                "reference": None,
            }
            if mine is None:
                line["error"] = "our count failed"
            if mine:
                line["cpu_seconds"] = round(mine["cpu_seconds"], 4)
            if reference:
                line["pabutools_cpu_seconds"] = round(reference["cpu_seconds"], 4)
            if mine and reference:
                line["ratio"] = round(reference["seconds"] / mine["seconds"], 1)
                line["cpu_ratio"] = round(
                    reference["cpu_seconds"] / max(mine["cpu_seconds"], 1e-6), 1
                )
            points_ignored = rule == "greedy" and info.get("vote_type") == "cumulative"
            if mine and reference and not points_ignored:
                line["same_winners"] = mine["winners"] == reference["winners"]
                line["reference"] = "pabutools"
            elif mine and info.get(rule) is not None:
                line["same_winners"] = mine["winners"] == sorted(info[rule])
                line["reference"] = "expected.json"
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
