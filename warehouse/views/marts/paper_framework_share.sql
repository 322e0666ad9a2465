-- PyTorch share of the papers that use exactly one of PyTorch and TensorFlow, per venue, year and
-- profile, as the 2019 study defined it. Only papers whose text was read count (texts_ok); a paper whose
-- text failed is never a "no mention". With --sample the interval is the one that sample size implies.
-- framework_share(true) is the article's ablation: papers with Google- or Facebook-affiliated authors out.
CREATE OR REPLACE MACRO framework_share(without_google_facebook) AS TABLE
WITH counts AS (
    SELECT
        venue,
        year,
        profile,
        count(*) AS papers,
        count(*) FILTER (WHERE text_status = 'ok') AS texts_ok,
        count(*) FILTER (WHERE text_status = 'failed') AS texts_failed,
        count(*) FILTER (WHERE text_status = 'ok' AND pytorch AND NOT tensorflow) AS pytorch_only,
        count(*) FILTER (WHERE text_status = 'ok' AND tensorflow AND NOT pytorch) AS tensorflow_only,
        count(*) FILTER (WHERE text_status = 'ok' AND pytorch AND tensorflow) AS "both",
        count(*) FILTER (WHERE text_status = 'ok' AND jax) AS jax,
        count(*) FILTER (WHERE text_status = 'ok' AND pytorch_cited AND NOT pytorch) AS pytorch_cited_only,
        count(*) FILTER (WHERE text_status = 'ok' AND tensorflow_cited AND NOT tensorflow) AS tensorflow_cited_only
    FROM paper_flags
    WHERE NOT (without_google_facebook AND google_facebook)
    GROUP BY venue, year, profile
)
SELECT
    c.venue,
    c.year,
    v.conf_month,
    c.papers,
    c.texts_ok,
    c.pytorch_only,
    c.tensorflow_only,
    c."both",
    c.jax,
    c.pytorch_only / nullif(c.pytorch_only + c.tensorflow_only, 0) AS share_pytorch,
    wilson_low(c.pytorch_only, c.pytorch_only + c.tensorflow_only) AS ci_low,
    wilson_high(c.pytorch_only, c.pytorch_only + c.tensorflow_only) AS ci_high,
    c.profile,
    c.texts_failed,
    v.field,
    c.pytorch_cited_only,
    c.tensorflow_cited_only
FROM counts c
LEFT JOIN venues v ON v.venue = c.venue;

CREATE OR REPLACE VIEW paper_framework_share AS SELECT * FROM framework_share(false);
