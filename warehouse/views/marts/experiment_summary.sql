-- The latest result of each configuration on each device: what the report and users read. A variant
-- that was not run (skipped by a profile, framework missing) does not hide an earlier measurement;
-- a failure does. compile_s is the first call's cost beyond one steady-state step: trace and compile.
CREATE OR REPLACE VIEW experiment_summary AS
WITH latest AS (
    SELECT *
    FROM experiment_runs
    QUALIFY row_number() OVER (
        PARTITION BY workload, framework, mode, device, device_name, precision, phase, batch_size
        ORDER BY status = 'not_run', measured_at DESC
    ) = 1
)
SELECT
    workload,
    framework,
    mode,
    device,
    precision,
    batch_size,
    step_ms_median,
    step_ms_p90,
    throughput,
    CASE WHEN first_call_s IS NOT NULL THEN greatest(first_call_s - step_ms_median / 1000, 0) END AS compile_s,
    peak_mem_mb,
    tflops,
    equivalent,
    phase,
    status,
    reason,
    device_name,
    step_ms_p10,
    step_ms_cv,
    rel_error,
    first_call_s,
    params,
    run_id,
    measured_at
FROM latest;
