"""How well and how fast the coach reads typed answers (fitapp/domain/interpret).

Prints, over the corpus in tests/unit/interpret_cases.py: the share of answers read fully
right per step and overall, the fields invented on the texts that state nothing, and the
parse time p50/p95/p99 per answer. The floor, measured interleaved in the same process, is
``validate_answer`` of the same step on a valid stored answer: the domain work the same
Send does anyway. Also the one-off costs: importing the package and the first answer (which
loads pint, dateparser, rapidfuzz and text2num). Usage:

    . scripts/env.sh && python benchmarks/bench_interpret.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitapp.domain import STEP_TITLES, StepContext, validate_answer  # noqa: E402
from fitapp.domain.interpret import interpret  # noqa: E402
from tests.unit.answers_fixture import valid_answers  # noqa: E402
from tests.unit.interpret_cases import CASES, NO_INFORMATION, seed_reference  # noqa: E402
from tests.unit.reference_fixture import TODAY  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def one_off_costs() -> tuple[float, float]:
    """Import time of the package and time of the first answer, each in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); import fitapp.domain; t1 = time.perf_counter(); "
            "import fitapp.domain.interpret as i; t2 = time.perf_counter(); "
            "i.interpret(0, \"5'6\\\" 150 lbs born 3 march 1992\"); t3 = time.perf_counter(); "
            "print((t2 - t1) * 1000, (t3 - t2) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20, help="times each answer is parsed for the timings")
    rounds = parser.parse_args().rounds
    reference = seed_reference()
    import_ms, first_ms = one_off_costs()

    right: dict[int, list[bool]] = defaultdict(list)
    for case in CASES:
        right[case.step].append(interpret(case.step, case.text, case.earlier, reference=reference).answer == case.expected)
    invented = sum(len(interpret(c.step, c.text, c.earlier, reference=reference).answer) for c in NO_INFORMATION)

    answers = valid_answers(TODAY)
    context = StepContext(answers=answers, reference=reference, today=TODAY)
    parse_ms: list[float] = []
    floor_ms: list[float] = []
    per_step_ms: dict[int, list[float]] = defaultdict(list)
    best_ms: dict[int, float] = {}
    load_before = os.getloadavg()[0]
    for _ in range(rounds):
        for index, case in enumerate(CASES + NO_INFORMATION):
            started = time.perf_counter()
            interpret(case.step, case.text, case.earlier, reference=reference)
            elapsed = (time.perf_counter() - started) * 1000
            parse_ms.append(elapsed)
            per_step_ms[case.step].append(elapsed)
            best_ms[index] = min(best_ms.get(index, elapsed), elapsed)
            started = time.perf_counter()
            validate_answer(case.step, answers[case.step], context)
            floor_ms.append((time.perf_counter() - started) * 1000)

    print(f"typed answers: {len(CASES)} stated + {len(NO_INFORMATION)} that state nothing, {rounds} timing rounds")
    print(f"{'step':<4} {'topic':<20} {'cases':>5} {'fully right':>12} {'parse p50':>10} {'p95':>8}")
    for step in sorted(right):
        share = sum(right[step]) / len(right[step])
        timing = percentiles(per_step_ms[step])
        print(f"{step:<4} {STEP_TITLES[step]:<20} {len(right[step]):>5} {share:>11.1%} "
              f"{timing['p50']:>8.2f}ms {timing['p95']:>6.2f}ms")
    total = sum(sum(v) for v in right.values())
    print(f"overall fully right: {total}/{len(CASES)} = {total / len(CASES):.1%} (target >= 90 %)")
    print(f"fields invented on the {len(NO_INFORMATION)} no-information texts: {invented} (target 0)")
    parse, floor = percentiles(parse_ms), percentiles(floor_ms)
    print("parse time per answer:   " + "  ".join(f"{k} {v:.2f} ms" for k, v in parse.items()) + "  (target p95 <= 20 ms)")
    print("floor (validate_answer): " + "  ".join(f"{k} {v:.3f} ms" for k, v in floor.items()))
    best = percentiles(list(best_ms.values()))
    print("best of rounds per answer (less of the other processes' noise): "
          + "  ".join(f"{k} {v:.2f} ms" for k, v in best.items()))
    print(f"machine load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    print("ratio parse / floor:     " + "  ".join(f"{k} {parse[k] / floor[k]:.1f}x" for k in parse))
    print(f"one-off: import fitapp.domain.interpret {import_ms:.1f} ms (after fitapp.domain); "
          f"first answer {first_ms:.0f} ms (loads pint, dateparser, rapidfuzz, text2num; warm_up() does it early)")


if __name__ == "__main__":
    main()
