-- The machine and software of each run behind experiment_summary, per framework and device, from the
-- fingerprint every measured row carries.
CREATE OR REPLACE VIEW experiment_environments AS
SELECT run_id, framework, device, any_value(device_name) AS device_name, max(measured_at) AS measured_at,
       any_value(profile) AS profile, any_value(threads) AS threads,
       any_value(fingerprint->>'$.framework.version') AS version,
       any_value(coalesce(fingerprint->>'$.framework.tf32', fingerprint->>'$.framework.tf32_matmul')) AS tf32,
       any_value(fingerprint->>'$.machine.cpu_model') AS cpu_model,
       any_value(fingerprint->>'$.machine.python') AS python,
       any_value(fingerprint->>'$.machine.platform') AS platform,
       any_value(TRY_CAST(fingerprint->>'$.machine.usable_cpus' AS INTEGER)) AS usable_cpus,
       -- Others' work on the machine as the run started (fingerprints before 2026-11 lack it).
       any_value(TRY_CAST(fingerprint->>'$.machine.load_average_1min' AS DOUBLE)) AS load_at_start,
       any_value(TRY_CAST(fingerprint->>'$.machine.busy' AS BOOLEAN)) AS busy_at_start
FROM experiment_runs
WHERE run_id IN (SELECT run_id FROM experiment_summary)
GROUP BY run_id, framework, device;
