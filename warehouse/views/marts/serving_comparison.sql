-- The latest attempt of each server, framework, workload and concurrency, with the server's maintenance
-- state where serving_products has it; a run that did not try does not hide an earlier attempt.
CREATE OR REPLACE VIEW serving_comparison AS
SELECT s.server, s.framework, s.workload, s.format, s.device, s.concurrency, s.status, s.reason, s.requests,
       s.throughput, s.p50_ms, s.p99_ms, s.outputs_match, s.output_diff, s.start_s, s.framework_product,
       s.server_version, p.maintenance, s.run_id, s.measured_at
FROM serving_servers s
LEFT JOIN serving_products p ON p.name = s.server
QUALIFY row_number() OVER (
    PARTITION BY s.server, s.framework, s.workload, s.format, s.device, s.concurrency
    ORDER BY s.status = 'not_run', s.measured_at DESC
) = 1;
