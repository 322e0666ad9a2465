-- Community activity per source, month and framework, and each framework's share of the month's total
-- over the frameworks that source counts. Daily series (PyPI downloads) are summed to months; `final`
-- is false while a month is still being counted.
CREATE OR REPLACE VIEW community_framework_share AS
WITH monthly AS (
    SELECT source, CAST(date_trunc('month', period) AS DATE) AS month, framework,
           sum(count) AS count, bool_and(final) AS final, count(*) AS periods
    FROM community_counts
    GROUP BY ALL
)
SELECT
    source,
    month,
    framework,
    count,
    count / nullif(sum(count) OVER (PARTITION BY source, month), 0) AS share,
    final,
    periods
FROM monthly
