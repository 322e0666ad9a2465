-- What a change of input costs each graph or compiled mode against eager (E2, E3, TF-2, PT+2): the latest
-- result of each framework, workload, mode, device and change, beside eager's at the same input in the same
-- run (eager_*; eager rows are their own baseline). compile_s is what the first calls after the change took
-- beyond steady steps. break_even_steps: steps at the new input after which compiling has paid for itself,
-- ceil(extra compile_s over eager's / per-step saving); NULL, with pays_off false, when the step is not faster
-- than eager's. The frozen half of E3, a graph closed to change against eager, is read from the step-time
-- experiments: inference at one fixed input (experiment_summary, fp32, the largest batch measured in both
-- modes); their torch compile is static, the code torch.compile's default runs until an input changes.
CREATE OR REPLACE VIEW recompilation_cost AS
WITH paired AS (
    SELECT r.*, e.compile_s AS eager_compile_s, e.step_ms AS eager_step_ms
    FROM recompilation_runs r
    LEFT JOIN recompilation_runs e
      ON e.run_id = r.run_id AND e.framework = r.framework AND e.device = r.device AND e.workload = r.workload
     AND e.change = r.change AND e.mode = 'eager' AND e.status = 'ok'
),
latest AS (
    SELECT *
    FROM paired
    QUALIFY row_number() OVER (PARTITION BY framework, workload, mode, device, change
                               ORDER BY status = 'not_run', measured_at DESC) = 1
),
frozen AS (
    SELECT c.framework, c.workload, c.mode, c.device, c.batch_size AS frozen_batch_size,
           e.step_ms_median / c.step_ms_median AS frozen_infer_speedup
    FROM experiment_summary c
    JOIN experiment_summary e USING (framework, workload, device, precision, phase, batch_size)
    WHERE c.phase = 'infer' AND c.precision = 'fp32' AND c.mode <> 'eager' AND e.mode = 'eager'
      AND c.status = 'ok' AND e.status = 'ok'
    QUALIFY row_number() OVER (PARTITION BY c.framework, c.workload, c.mode, c.device ORDER BY c.batch_size DESC) = 1
)
SELECT
    l.framework,
    l.workload,
    l.mode,
    l.device,
    l.change_order,
    l.change,
    l.batch_size,
    l.seq_len,
    l.dtype,
    l.status,
    l.reason,
    l.compiles,
    l.first_call_s,
    l.compile_s,
    l.step_ms,
    l.eager_compile_s,
    l.eager_step_ms,
    l.compile_s - l.eager_compile_s AS extra_compile_s,
    l.eager_step_ms - l.step_ms AS saving_ms,
    CASE WHEN l.mode <> 'eager' THEN l.step_ms < l.eager_step_ms END AS pays_off,
    CASE WHEN l.mode <> 'eager' AND l.step_ms < l.eager_step_ms
         THEN ceil(greatest(l.compile_s - l.eager_compile_s, 0) * 1000 / (l.eager_step_ms - l.step_ms))::BIGINT
    END AS break_even_steps,
    f.frozen_infer_speedup,
    f.frozen_batch_size,
    l.counter,
    l.compile_caches,
    l.first_calls,
    l.run_id,
    l.measured_at
FROM latest l
LEFT JOIN frozen f ON f.framework = l.framework AND f.workload = l.workload AND f.mode = l.mode AND f.device = l.device
ORDER BY l.framework, l.workload, l.device, l.mode <> 'eager', l.mode, l.change_order;
