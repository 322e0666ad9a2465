-- Our share beside the 2019 study's published one for every conference-year of its data.csv, with the
-- venue's field, the month it is held in, and where the published figures come from.
CREATE OR REPLACE VIEW reproduction_2019 AS
SELECT
    p.venue,
    p.year,
    p.papers AS published_papers,
    p.pytorch_only AS published_pytorch_only,
    p.tensorflow_only AS published_tensorflow_only,
    p.pytorch_only / nullif(p.pytorch_only + p.tensorflow_only, 0) AS published_share,
    s.papers,
    s.texts_ok,
    s.pytorch_only,
    s.tensorflow_only,
    s.share_pytorch,
    s.ci_low,
    s.ci_high,
    round(100 * (s.share_pytorch - published_share), 1) AS difference_pp,
    published_share BETWEEN s.ci_low AND s.ci_high AS published_within_interval,
    v.field,
    v.conf_month,
    p.citation,
    p.source_url
FROM published_shares p
LEFT JOIN paper_framework_share s ON s.venue = p.venue AND s.year = p.year AND s.profile = 'gradient2019'
LEFT JOIN venues v ON v.venue = p.venue
