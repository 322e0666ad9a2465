-- One row per paper and methodology profile: its text status and which frameworks its text mentions.
CREATE OR REPLACE VIEW paper_flags AS
SELECT
    p.paper_id,
    p.venue,
    p.year,
    pr.profile,
    t.status AS text_status,
    coalesce(bool_or(m.framework = 'pytorch'), false) AS pytorch,
    coalesce(bool_or(is_tensorflow(m.framework)), false) AS tensorflow,
    coalesce(bool_or(m.framework = 'jax'), false) AS jax
FROM papers p
CROSS JOIN profiles pr
LEFT JOIN paper_texts t ON t.paper_id = p.paper_id
LEFT JOIN paper_mentions m ON m.paper_id = p.paper_id AND m.profile = pr.profile
GROUP BY ALL
