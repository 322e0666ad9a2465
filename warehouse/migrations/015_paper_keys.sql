-- Papers of one venue-year that share a title are now told apart by their source key (EMNLP 2018's
-- D18-1092 and D18-1105): only their ids change, and SQL cannot tell which stored paper is such a twin,
-- since the warehouse kept one row for both. `warehouse/load/papers.py` `rekey_title_twins` moves the stored
-- twin (texts and mentions with it) to its new id when its listing is next loaded.

-- What `fwtrends sources check` found per source: ok | changed | unreachable.
CREATE TABLE source_checks (
    source     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,  -- papers | jobs | community
    status     VARCHAR NOT NULL CHECK (status IN ('ok', 'changed', 'unreachable')),
    url        VARCHAR,
    items      INTEGER,
    detail     VARCHAR,           -- what is missing, or why it could not be reached
    checked_at TIMESTAMPTZ NOT NULL
);
