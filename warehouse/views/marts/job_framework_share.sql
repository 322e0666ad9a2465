-- Postings per source and month, how many mention each framework, and the PyTorch share among the
-- postings that name exactly one side (TensorFlow's side counts Keras), with its Wilson interval.
CREATE OR REPLACE VIEW job_framework_share AS
WITH counts AS (
    SELECT
        source,
        month,
        count(*) AS posts,
        count(*) FILTER (WHERE pytorch) AS pytorch,
        count(*) FILTER (WHERE tensorflow) AS tensorflow,
        count(*) FILTER (WHERE jax) AS jax,
        count(*) FILTER (WHERE keras) AS keras,
        count(*) FILTER (WHERE pytorch AND NOT (tensorflow OR keras)) AS pytorch_only,
        count(*) FILTER (WHERE (tensorflow OR keras) AND NOT pytorch) AS tensorflow_only
    FROM job_flags
    GROUP BY source, month
)
SELECT
    source,
    month,
    posts,
    pytorch,
    tensorflow,
    jax,
    keras,
    pytorch_only / nullif(pytorch_only + tensorflow_only, 0) AS share_pytorch,
    wilson_low(pytorch_only, pytorch_only + tensorflow_only) AS ci_low,
    wilson_high(pytorch_only, pytorch_only + tensorflow_only) AS ci_high,
    pytorch_only,
    tensorflow_only
FROM counts
