-- What each source did in the latest run of each flow: fetched, failed, skipped, and why it failed.
-- `counts` holds one object per source, as flows/runlog.py writes it.
CREATE OR REPLACE VIEW latest_run_sources AS
SELECT flow, finished_at, s.source, s.status, s.fetched, s.failed, s.skipped, s.reason, run_id
FROM latest_runs, unnest(from_json(counts, '[{"source": "VARCHAR", "status": "VARCHAR", "reason": "VARCHAR",
     "fetched": "BIGINT", "failed": "BIGINT", "skipped": "BIGINT"}]')) AS per_source(s);
