-- The industry side of the article's figure carried forward: per source and month, PyTorch's share of the job
-- postings that name exactly one of PyTorch and TensorFlow/Keras (series 'measured', with its Wilson 95 %
-- interval), beside the article's own count of job listings mentioning each (source 'article', series
-- 'published': published by the study, not measured here; its share is of the listings mentioning either).
-- `crossed_half` marks per source the month from which PyTorch's share stayed above one half.
CREATE OR REPLACE VIEW job_share_trend AS
WITH points AS (
    SELECT source, month, 'measured' AS series, posts, pytorch, tensorflow, keras, jax, pytorch_only,
           tensorflow_only, share_pytorch, ci_low, ci_high
    FROM job_framework_share
    UNION ALL BY NAME
    SELECT 'article' AS source, CAST(date_trunc('month', max(as_of)) AS DATE) AS month, 'published' AS series,
           max(value) FILTER (WHERE framework = 'pytorch') AS pytorch,
           max(value) FILTER (WHERE framework = 'tensorflow') AS tensorflow,
           pytorch / nullif(pytorch + tensorflow, 0) AS share_pytorch
    FROM article_figures
    WHERE metric = 'job_listings'
    HAVING count(*) > 0
), crossings AS (
    SELECT source, min(month) AS month
    FROM points s
    WHERE share_pytorch > 0.5
      AND month > coalesce((SELECT max(month) FROM points b WHERE b.source = s.source AND b.share_pytorch <= 0.5),
                           DATE '0001-01-01')
    GROUP BY source
)
SELECT p.*, c.source IS NOT NULL AS crossed_half
FROM points p
LEFT JOIN crossings c USING (source, month);
