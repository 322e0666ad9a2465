-- The latest distributed-training result of each framework, strategy, workload and worker count; a run
-- that did not try does not hide an earlier result.
CREATE OR REPLACE VIEW distributed_scaling AS
SELECT framework, workload, device, workers, strategy, processes, status, reason, throughput, scaling_efficiency,
       start_s, setup_lines, equivalent, param_diff, batch_per_worker, global_batch, threads_per_worker, steps,
       run_id, measured_at
FROM distributed_runs
QUALIFY row_number() OVER (PARTITION BY framework, strategy, workload, device, workers
                           ORDER BY status = 'not_run', measured_at DESC) = 1
ORDER BY framework, device, workload, workers, strategy;
