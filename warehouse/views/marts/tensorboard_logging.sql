-- The latest TensorBoard logging attempt of each framework and workload; a run that did not try does
-- not hide an earlier attempt.
CREATE OR REPLACE VIEW tensorboard_logging AS
SELECT framework, workload, device, status, reason, log_dir, events_written, events_read_back, write_s,
       run_id, measured_at
FROM tensorboard_runs
QUALIFY row_number() OVER (PARTITION BY framework, workload, device ORDER BY status = 'not_run', measured_at DESC) = 1;
