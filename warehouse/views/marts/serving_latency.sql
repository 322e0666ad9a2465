-- The latest serving attempt of each framework, workload and format; a run that did not try does not
-- hide an earlier attempt.
CREATE OR REPLACE VIEW serving_latency AS
SELECT framework, workload, format, device, status, reason, load_s, p50_ms, p99_ms, batch_size, throughput,
       http_p50_ms, http_p99_ms, outputs_match, http_outputs_match, inprocess_p50_ms, inprocess_p99_ms,
       file_bytes, run_id, measured_at
FROM serving_runs
QUALIFY row_number() OVER (
    PARTITION BY framework, workload, format, device ORDER BY status = 'not_run', measured_at DESC
) = 1;
