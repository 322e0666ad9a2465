-- One row per job posting and month it counts in: which frameworks its text mentions (modern profile:
-- word boundaries and the ambiguity rules for TF, torch and JAX).
CREATE OR REPLACE VIEW job_flags AS
SELECT
    j.post_id,
    j.source,
    j.month,
    coalesce(bool_or(m.framework = 'pytorch'), false) AS pytorch,
    coalesce(bool_or(m.framework = 'tensorflow'), false) AS tensorflow,
    coalesce(bool_or(m.framework = 'keras'), false) AS keras,
    coalesce(bool_or(m.framework = 'jax'), false) AS jax
FROM job_post_months j
LEFT JOIN job_mentions m ON m.post_id = j.post_id AND m.profile = 'modern'
GROUP BY ALL
