-- The latest run of each flow that is over (ok | partial | failed | interrupted), with its per-source summary
-- (`counts`; an interrupted run keeps what its sources had done when it stopped).
CREATE OR REPLACE VIEW latest_runs AS
SELECT run_id, flow, started_at, finished_at, status, params, counts
FROM runs
WHERE status <> 'running'
QUALIFY row_number() OVER (PARTITION BY flow ORDER BY started_at DESC) = 1;
