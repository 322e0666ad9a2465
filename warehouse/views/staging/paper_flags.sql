-- One row per paper and methodology profile: its text status, which frameworks its text uses, and which
-- it only cites. A profile that counts references (gradient2019) takes every mention as use; the others
-- take a framework named only in the reference list as cited, not used.
CREATE OR REPLACE VIEW paper_flags AS
WITH mentions AS (
    SELECT
        m.*,
        is_tensorflow(m.framework) AS tensorflow_side,
        pr.counts_references OR m.hits > m.references_hits AS used
    FROM paper_mentions m
    JOIN profiles pr USING (profile)
)
SELECT
    p.paper_id,
    p.venue,
    p.year,
    pr.profile,
    t.status AS text_status,
    coalesce(list_has_any(t.affiliations, ['google', 'facebook']), false) AS google_facebook,
    coalesce(bool_or(m.framework = 'pytorch' AND m.used), false) AS pytorch,
    coalesce(bool_or(m.tensorflow_side AND m.used), false) AS tensorflow,
    coalesce(bool_or(m.framework = 'jax' AND m.used), false) AS jax,
    coalesce(bool_or(m.framework = 'pytorch' AND NOT m.used), false) AS pytorch_cited,
    coalesce(bool_or(m.tensorflow_side AND NOT m.used), false) AS tensorflow_cited
FROM papers p
CROSS JOIN profiles pr
LEFT JOIN paper_texts t ON t.paper_id = p.paper_id
LEFT JOIN mentions m ON m.paper_id = p.paper_id AND m.profile = pr.profile
GROUP BY ALL
