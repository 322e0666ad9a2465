-- The latest `fwtrends sources check` result per source.
CREATE OR REPLACE VIEW source_health AS
SELECT source, kind, status, url, items, detail, checked_at
FROM source_checks
QUALIFY row_number() OVER (PARTITION BY source ORDER BY checked_at DESC) = 1;
