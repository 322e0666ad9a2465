-- Each framework's first release on PyPI as PyPI answered on `response_date` (one row per answer; an answer
-- replayed from the HTTP cache keeps its date, so loading it again replaces its row).
CREATE TABLE framework_releases (
    framework       VARCHAR NOT NULL,
    package         VARCHAR NOT NULL,
    first_version   VARCHAR NOT NULL,
    first_upload_at TIMESTAMPTZ NOT NULL,  -- the earliest upload over every file of every version
    releases        INTEGER NOT NULL,      -- versions with at least one file
    response_date   TIMESTAMPTZ NOT NULL,  -- the answer's HTTP Date
    history_note    VARCHAR                -- where the first releases came from when it was not PyPI
);
