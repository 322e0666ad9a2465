"""Target: every TensorFlow/PyTorch step-time ratio of the quick profile known to within 3 % (the half-width
of its 95 % interval), the frameworks taking turns block by block. Beside it, what the same blocks would
give unpaired (the two medians' half-widths combined) and each framework's own step-time CV: the
machine's drift, which the ratios of adjacent blocks cancel."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from experiments.frameworks import MODES
from experiments.timing import plan, results, runner
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


def measure() -> tuple[list[tuple], float, str]:
    """The quick profile's figures as the warehouse shows them, the seconds it took, the CPU."""
    started = time.perf_counter()
    ctx, rows = runner.run(PROFILE, device="cpu", log=lambda line: None)
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        con = db.connect(Path(scratch) / "bench.duckdb")
        try:
            load_results(con, results.read(results.write(rows, Path(scratch), ctx)))
            figures = con.execute(FIGURES, {"workloads": list(PROFILE.batch_sizes),
                                            "modes": list(MODES["tensorflow"])}).fetchall()
        finally:
            con.close()
    return figures, seconds, (f"{ctx.threads} thread(s), {ctx.device_name}, load average "
                              f"{ctx.machine['load_average_1min']:.1f} at the start")


def main() -> None:
    figures, seconds, machine = measure()
    print(f"TensorFlow / PyTorch step time, quick profile, frameworks taking turns block by block, {machine}:")
    print(f"   {'workload':<12} {'phase':<6} {'TF / PyTorch mode':<19} {'ratio':>6} {'95 % interval':>15} "
          f"{'half-width':>10} {'pairs':>5} {'unpaired':>8} {'CV TF':>6} {'CV PT':>6}")
    for workload, phase, tf_mode, torch_mode, ratio, low, high, rel_error, count, unpaired, tf_cv, torch_cv in figures:
        print(f"   {workload:<12} {phase:<6} {tf_mode + ' / ' + torch_mode:<19} {ratio:>6.3f} "
              f"{f'[{low:.3f}, {high:.3f}]':>15} {rel_error:>10.1%} {count:>5} {unpaired:>8.1%} {tf_cv:>6.1%} "
              f"{torch_cv:>6.1%}")
    within = sum(f[7] < TARGET for f in figures)
    verdict = "PASS" if figures and within == len(figures) else "FAIL"
    print(f"   {within} of {len(figures)} ratios with a 95 % half-width under {TARGET:.0%}: {verdict}; "
          f"measured in {seconds:.0f} s")


if __name__ == "__main__":
    main()
