-- When each source last delivered, per kind of data: papers listed, job postings seen, community counts,
-- experiments (per device) and flow runs (per flow).
CREATE OR REPLACE VIEW source_refreshes AS
SELECT 'papers' AS data, source, max(fetched_at) AS latest FROM papers GROUP BY source
UNION ALL
SELECT 'job postings', source, max(observed_at) FROM job_posts GROUP BY source
UNION ALL
SELECT 'community counts', source, max(observed_at) FROM community_counts GROUP BY source
UNION ALL
SELECT 'experiments', device, max(measured_at) FROM experiment_runs GROUP BY device
UNION ALL
SELECT 'flow runs', flow, max(finished_at) FROM runs GROUP BY flow;
