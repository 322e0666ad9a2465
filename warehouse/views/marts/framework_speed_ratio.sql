-- TensorFlow's step time over PyTorch's (above 1: PyTorch is faster), per workload, pair of modes, phase,
-- device, precision and batch size, from the latest run that timed both. The frameworks take turns block
-- by block, so every TensorFlow block timed right next to a PyTorch block of the same configuration gives
-- a ratio free of the drift in the machine's speed. The median ratio comes with its distribution-free
-- 95 % interval from order statistics, as experiments.timing.stats computes it for medians.
CREATE OR REPLACE VIEW framework_speed_ratio AS
WITH blocks AS (
    SELECT run_id, measured_at, workload, device, device_name, precision, phase, batch_size, framework, mode,
           unnest(samples_ms) AS step_ms, unnest(samples_seq) AS seq
    FROM experiment_runs
    WHERE status = 'ok' AND samples_seq IS NOT NULL
),
pairs AS (
    SELECT a.run_id, a.measured_at, a.workload, a.device, a.device_name, a.precision, a.phase, a.batch_size,
           CASE WHEN a.framework = 'tensorflow' THEN a.mode ELSE b.mode END AS tensorflow_mode,
           CASE WHEN a.framework = 'torch' THEN a.mode ELSE b.mode END AS torch_mode,
           CASE WHEN a.framework = 'tensorflow' THEN a.step_ms / b.step_ms ELSE b.step_ms / a.step_ms END AS ratio
    FROM blocks a
    JOIN blocks b ON b.run_id = a.run_id AND b.seq = a.seq + 1 AND b.framework <> a.framework
        AND b.workload = a.workload AND b.device = a.device AND b.precision = a.precision AND b.phase = a.phase
        AND b.batch_size = a.batch_size
),
ranked AS (
    SELECT *,
           row_number() OVER configuration AS position,
           count(*) OVER configuration AS n
    FROM pairs
    WINDOW configuration AS (PARTITION BY run_id, workload, tensorflow_mode, torch_mode, phase, device, precision,
                                          batch_size ORDER BY ratio
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
per_run AS (
    SELECT run_id, any_value(measured_at) AS measured_at, workload, tensorflow_mode, torch_mode, phase, device,
           any_value(device_name) AS device_name, precision, batch_size,
           median(ratio) AS ratio,
           any_value(ratio) FILTER (WHERE position = greatest(round(n / 2 - 1.959964 * sqrt(n) / 2), 1)) AS ci_low,
           any_value(ratio) FILTER (WHERE position = least(round(n / 2 + 1 + 1.959964 * sqrt(n) / 2), n)) AS ci_high,
           count(*) AS pairs
    FROM ranked
    GROUP BY run_id, workload, tensorflow_mode, torch_mode, phase, device, precision, batch_size
)
SELECT workload, tensorflow_mode, torch_mode, phase, device, precision, batch_size, ratio, ci_low, ci_high,
       (ci_high - ci_low) / 2 / ratio AS rel_error, pairs, device_name, run_id, measured_at
FROM per_run
QUALIFY row_number() OVER (
    PARTITION BY workload, tensorflow_mode, torch_mode, phase, device, device_name, precision, batch_size
    ORDER BY measured_at DESC
) = 1;
