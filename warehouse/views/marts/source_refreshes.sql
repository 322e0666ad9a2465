-- Per kind of data and source: when its data last arrived (`latest`), and its latest attempt in a flow run: when
-- (`tried_at`), whether it worked (`status`: ok | partial | failed, and why: `reason`) and how many items it fetched and
-- failed. A source that was tried but never delivered has no `latest`; data loaded outside a run has no attempt.
-- Sources are named as the runs name them: experiments and capabilities per framework.
CREATE OR REPLACE VIEW source_refreshes AS
WITH delivered AS (
    SELECT 'papers' AS data, source, max(fetched_at) AS latest FROM papers GROUP BY source
    UNION ALL
    SELECT 'job postings', source, max(observed_at) FROM job_posts GROUP BY source
    UNION ALL
    SELECT 'community counts', source, max(observed_at) FROM community_counts GROUP BY source
    UNION ALL
    SELECT 'experiments', 'experiments:' || framework, max(measured_at) FROM experiment_runs GROUP BY framework
    UNION ALL
    SELECT 'capabilities', 'capabilities:' || part || ':' || framework, max(measured_at)
    FROM (SELECT 'tensorboard' AS part, framework, measured_at FROM tensorboard_runs
          UNION ALL SELECT 'serving', framework, measured_at FROM serving_runs
          UNION ALL SELECT 'distributed', framework, measured_at FROM distributed_runs
          UNION ALL SELECT 'mobile', framework, measured_at FROM mobile_runs)
    GROUP BY part, framework
), tried AS (
    SELECT CASE flow WHEN 'reclassify' THEN 'papers' WHEN 'jobs' THEN 'job postings'
                     WHEN 'community' THEN 'community counts' ELSE flow END AS data,
           s.source, finished_at AS tried_at, s.status, s.reason, s.fetched, s.failed
    FROM runs, unnest(from_json(counts, '[{"source": "VARCHAR", "status": "VARCHAR", "reason": "VARCHAR",
         "fetched": "BIGINT", "failed": "BIGINT"}]')) AS per_source(s)
    WHERE runs.status <> 'running'
    QUALIFY row_number() OVER (PARTITION BY data, s.source ORDER BY started_at DESC) = 1
)
SELECT data, source, d.latest, t.tried_at, t.status, t.reason, t.fetched, t.failed
FROM delivered d
FULL JOIN tried t USING (data, source);
