-- A run is written when it starts ('running', with the process that runs it) and closed when it ends; one
-- whose process is gone is closed as 'interrupted' by the next run.
ALTER TABLE runs ADD COLUMN host VARCHAR;
ALTER TABLE runs ADD COLUMN pid INTEGER;

-- One row per failing item instead of a copy per run: the latest reason and run, first and last seen, attempts.
CREATE TABLE failures_per_item (
    source          VARCHAR NOT NULL,
    item            VARCHAR NOT NULL,
    url             VARCHAR,
    reason          VARCHAR NOT NULL,
    first_failed_at TIMESTAMPTZ NOT NULL,
    failed_at       TIMESTAMPTZ NOT NULL,   -- last seen
    attempts        INTEGER NOT NULL,
    run_id          VARCHAR NOT NULL        -- the latest run that met it
);
INSERT INTO failures_per_item
SELECT source, item, arg_max(url, failed_at), arg_max(reason, failed_at), min(failed_at), max(failed_at),
       count(*), arg_max(run_id, failed_at)
FROM failures GROUP BY source, item;
DROP TABLE failures;
ALTER TABLE failures_per_item RENAME TO failures;
