-- The latest run of each flow, with its per-source summary (`counts`).
CREATE OR REPLACE VIEW latest_runs AS
SELECT run_id, flow, started_at, finished_at, status, params, counts
FROM runs
QUALIFY row_number() OVER (PARTITION BY flow ORDER BY started_at DESC) = 1;
