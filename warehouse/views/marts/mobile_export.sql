-- The latest on-device conversion of each framework and workload; a run that did not try does not
-- hide an earlier attempt.
CREATE OR REPLACE VIEW mobile_export AS
SELECT framework, workload, format, device, status, reason, file_bytes, outputs_match, latency_ms, p99_ms,
       original_latency_ms, convert_s, output_diff, run_id, measured_at
FROM mobile_runs
QUALIFY row_number() OVER (PARTITION BY framework, workload, format, device ORDER BY status = 'not_run', measured_at DESC) = 1;
