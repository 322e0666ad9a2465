-- The months each posting counts in: an HN posting in its thread's month; a board posting in every month
-- from the one it was first seen open to the one it closed (or was last seen).
CREATE OR REPLACE VIEW job_post_months AS
SELECT post_id, source, month FROM job_posts WHERE board IS NULL
UNION ALL
SELECT p.post_id, p.source, CAST(m.month AS DATE) AS month
FROM job_posts p,
     generate_series(date_trunc('month', p.first_seen), date_trunc('month', coalesce(p.closed_at, p.observed_at)),
                     INTERVAL 1 MONTH) AS m(month)
WHERE p.board IS NOT NULL
