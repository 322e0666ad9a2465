"""Target: every TensorFlow/PyTorch step-time ratio of the quick profile known to within 3 % (the half-width
of its 95 % interval), the frameworks taking turns block by block. Beside it, what the same blocks would
give unpaired (the two medians' half-widths combined) and each framework's own step-time CV: the
machine's drift, which the ratios of adjacent blocks cancel.

The physical reference is the machine's floor: PyTorch eager timed against itself the same way, two
processes of the same variant taking turns for as many pairs as the configuration got. Their true ratio
is 1, so the half-width of its interval is what the machine's noise alone leaves, whatever the code does."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from experiments import processes
from experiments.frameworks import MODES
from experiments.models import hparams as hp
from experiments.timing import plan, results, runner, stats
from experiments.timing.plan import Variant
from warehouse import db
from warehouse.load.experiments import load_results

PROFILE = plan.QUICK
TARGET = PROFILE.target_ratio_error
FIGURES = """
SELECT r.workload, r.phase, r.tensorflow_mode, r.torch_mode, r.ratio, r.ci_low, r.ci_high, r.rel_error, r.pairs,
       sqrt(tf.rel_error ^ 2 + pt.rel_error ^ 2) AS unpaired, tf.step_ms_cv AS tf_cv, pt.step_ms_cv AS torch_cv
FROM framework_speed_ratio r
JOIN experiment_summary tf ON tf.framework = 'tensorflow' AND tf.mode = r.tensorflow_mode
    AND (tf.workload, tf.phase, tf.device, tf.precision, tf.batch_size)
        = (r.workload, r.phase, r.device, r.precision, r.batch_size)
JOIN experiment_summary pt ON pt.framework = 'torch' AND pt.mode = r.torch_mode
    AND (pt.workload, pt.phase, pt.device, pt.precision, pt.batch_size)
        = (r.workload, r.phase, r.device, r.precision, r.batch_size)
ORDER BY list_position($workloads, r.workload), r.phase DESC, r.torch_mode DESC,
    list_position($modes, r.tensorflow_mode)
"""


def measure() -> tuple[list[tuple], dict[tuple[str, str], list[float]], float, str]:
    """The quick profile's figures as the warehouse shows them, the machine's floor per (workload, phase),
    the seconds the profile took, the CPU."""
    started = time.perf_counter()
    ctx, rows = runner.run(PROFILE, device="cpu", log=lambda line: None)
    seconds = time.perf_counter() - started
    floors = self_ratios(ctx)
    with tempfile.TemporaryDirectory() as scratch:
        con = db.connect(Path(scratch) / "bench.duckdb")
        try:
            load_results(con, results.read(results.write(rows, Path(scratch), ctx)))
            figures = con.execute(FIGURES, {"workloads": list(PROFILE.batch_sizes),
                                            "modes": list(MODES["tensorflow"])}).fetchall()
        finally:
            con.close()
    return figures, floors, seconds, (f"{ctx.threads} thread(s), {ctx.device_name}, load average "
                                      f"{ctx.machine['load_average_1min']:.1f} at the start")


def self_ratios(ctx: results.RunContext) -> dict[tuple[str, str], list[float]]:
    """Per (workload, phase): the ratios of PyTorch eager to itself, two processes taking turns block by
    block, in the order the run alternates its rounds."""
    session = runner.Session(ctx, hp.defaults(), 0, log=lambda line: None)
    pair = [processes.Worker("torch", ctx.device, ctx.threads) for _ in range(2)]
    out = {}
    try:
        for workload, (batch_size,) in PROFILE.batch_sizes.items():
            for phase in plan.PHASES:
                variant = Variant(workload, "torch", "eager", phase, "fp32", batch_size)
                for worker in pair:
                    worker.request(session.prepare_request(variant), runner.PREPARE_TIMEOUT_S)
                ratios = []
                for round_ in range(PROFILE.max_repeats):
                    turns = pair if round_ % 2 == 0 else pair[::-1]
                    step_s = {worker: worker.request({"op": "measure", "key": variant.key},
                                                     runner.MEASURE_TIMEOUT_S)["step_s"] for worker in turns}
                    ratios.append(step_s[pair[0]] / step_s[pair[1]])
                for worker in pair:
                    worker.request({"op": "release", "key": variant.key}, runner.MEASURE_TIMEOUT_S)
                out[workload, phase] = ratios
    finally:
        for worker in pair:
            worker.close()
    return out


def floor(ratios: list[float], pairs: int) -> float:
    """The half-width of the self-ratio's 95 % interval over the first `pairs` pairs."""
    return stats.median_rel_error(ratios[:pairs])


def main() -> None:
    figures, floors, seconds, machine = measure()
    print(f"TensorFlow / PyTorch step time, quick profile, frameworks taking turns block by block, {machine}:")
    print(f"   {'workload':<12} {'phase':<6} {'TF / PyTorch mode':<19} {'ratio':>6} {'95 % interval':>15} "
          f"{'half-width':>10} {'pairs':>5} {'floor':>6} {'unpaired':>8} {'CV TF':>6} {'CV PT':>6}")
    within = reachable = 0
    for workload, phase, tf_mode, torch_mode, ratio, low, high, rel_error, count, unpaired, tf_cv, torch_cv in figures:
        row_floor = floor(floors[workload, phase], count)
        within += rel_error < TARGET
        reachable += row_floor < TARGET
        print(f"   {workload:<12} {phase:<6} {tf_mode + ' / ' + torch_mode:<19} {ratio:>6.3f} "
              f"{f'[{low:.3f}, {high:.3f}]':>15} {rel_error:>10.1%} {count:>5} {row_floor:>6.1%} "
              f"{unpaired:>8.1%} {tf_cv:>6.1%} {torch_cv:>6.1%}")
    verdict = "PASS" if figures and within == len(figures) else "FAIL"
    print(f"   {within} of {len(figures)} ratios with a 95 % half-width under {TARGET:.0%}: {verdict}; "
          f"measured in {seconds:.0f} s")
    print(f"   floor: PyTorch eager against itself, taking turns the same way for as many pairs; its half-width is "
          f"under {TARGET:.0%} for {reachable} of the {len(figures)} ratios (where it is not, no code can meet the "
          f"target on this machine)")


if __name__ == "__main__":
    main()
