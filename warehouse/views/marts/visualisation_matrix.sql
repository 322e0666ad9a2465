-- The latest attempt at each feature of each tool; a run that did not try does not hide an earlier attempt.
CREATE OR REPLACE VIEW visualisation_matrix AS
SELECT tool, framework, feature, status, reason, api, written, read_back, detail, device, log_dir, run_id,
       measured_at
FROM visualisation_features
QUALIFY row_number() OVER (
    PARTITION BY tool, framework, feature, device ORDER BY status = 'not_run', measured_at DESC
) = 1;
