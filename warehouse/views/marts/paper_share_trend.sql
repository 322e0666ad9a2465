-- The article's figure carried forward: per venue and year, PyTorch's share of the papers that name exactly one
-- of PyTorch and TensorFlow, as the 2019 study published it (series 'published': published by the study, not
-- measured here) and as measured here per methodology profile (series 'measured', with its Wilson 95 % interval),
-- dated by the month the conference is held. `crossed_half` marks per venue the year from which PyTorch's share
-- stayed above one half, read with the study's method: its published figure where there is one, ours under
-- profile gradient2019 after.
CREATE OR REPLACE VIEW paper_share_trend AS
WITH points AS (
    SELECT venue, year, 'published' AS series, NULL::VARCHAR AS profile, published_papers AS papers,
           published_pytorch_only AS pytorch_only, published_tensorflow_only AS tensorflow_only,
           published_share AS share_pytorch
    FROM reproduction_2019
    UNION ALL BY NAME
    SELECT venue, year, 'measured' AS series, profile, papers, texts_ok, pytorch_only, tensorflow_only, "both",
           share_pytorch, ci_low, ci_high
    FROM paper_framework_share
), study_method AS (
    SELECT venue, year, series, profile, share_pytorch
    FROM points
    WHERE share_pytorch IS NOT NULL AND (series = 'published' OR profile = 'gradient2019')
    QUALIFY row_number() OVER (PARTITION BY venue, year ORDER BY series = 'published' DESC) = 1
), crossings AS (
    SELECT venue, min(year) AS year
    FROM study_method s
    WHERE share_pytorch > 0.5
      AND year > coalesce((SELECT max(year) FROM study_method b WHERE b.venue = s.venue AND b.share_pytorch <= 0.5), 0)
    GROUP BY venue
)
SELECT p.venue, coalesce(v.field, 'other') AS field, p.year, make_date(p.year, coalesce(v.conf_month, 1), 1) AS held,
       p.series, p.profile, p.papers, p.texts_ok, p.pytorch_only, p.tensorflow_only, p."both", p.share_pytorch,
       p.ci_low, p.ci_high, m.venue IS NOT NULL AS crossed_half
FROM points p
LEFT JOIN venues v ON v.venue = p.venue
LEFT JOIN (study_method JOIN crossings USING (venue, year)) m
       ON m.venue = p.venue AND m.year = p.year AND m.series = p.series AND m.profile IS NOT DISTINCT FROM p.profile;
