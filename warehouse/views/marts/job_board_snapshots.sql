-- Each company job board at its latest snapshot: the postings still open (a board posting is open until a
-- snapshot no longer lists it, closed_at), how many mention each framework, and the PyTorch share among
-- those that name exactly one side, with its Wilson interval. A posting's frameworks are the same in every
-- month it counts in, so one job_flags row per posting says them.
CREATE OR REPLACE VIEW job_board_snapshots AS
WITH snapshots AS (
    SELECT source, board, max(observed_at) AS snapshot FROM job_posts WHERE board IS NOT NULL GROUP BY ALL
), open_posts AS (
    SELECT p.post_id, p.source, p.board, p.company, s.snapshot
    FROM job_posts p JOIN snapshots s USING (source, board)
    WHERE p.closed_at IS NULL
), flags AS (
    SELECT DISTINCT post_id, pytorch, tensorflow, keras, jax FROM job_flags
)
SELECT o.source, o.board, any_value(o.company) AS company, any_value(o.snapshot) AS snapshot,
       count(*) AS open_posts,
       count(*) FILTER (WHERE f.pytorch) AS pytorch,
       count(*) FILTER (WHERE f.tensorflow) AS tensorflow,
       count(*) FILTER (WHERE f.keras) AS keras,
       count(*) FILTER (WHERE f.jax) AS jax,
       count(*) FILTER (WHERE f.pytorch AND NOT (f.tensorflow OR f.keras)) AS pytorch_only,
       count(*) FILTER (WHERE (f.tensorflow OR f.keras) AND NOT f.pytorch) AS tensorflow_only,
       pytorch_only / nullif(pytorch_only + tensorflow_only, 0) AS share_pytorch,
       wilson_low(pytorch_only, pytorch_only + tensorflow_only) AS ci_low,
       wilson_high(pytorch_only, pytorch_only + tensorflow_only) AS ci_high
FROM open_posts o JOIN flags f USING (post_id)
GROUP BY o.source, o.board;
