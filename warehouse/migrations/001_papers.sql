-- Conferences, their papers, what their full texts said, and every flow run.
CREATE TABLE venues (
    venue      VARCHAR PRIMARY KEY,  -- upper-case: CVPR, ICCV, NEURIPS, ...
    field      VARCHAR NOT NULL,     -- vision | language | general, as the 2019 study grouped them
    conf_month INTEGER NOT NULL      -- month the conference is held, the 2019 study's time axis
);
INSERT INTO venues VALUES
    ('NEURIPS', 'general', 12), ('ICML', 'general', 6), ('ICLR', 'general', 5),
    ('CVPR', 'vision', 6), ('ICCV', 'vision', 11), ('ECCV', 'vision', 9),
    ('ACL', 'language', 8), ('EMNLP', 'language', 11), ('NAACL', 'language', 6);

CREATE TABLE papers (
    paper_id    VARCHAR NOT NULL,    -- {venue}-{year}-{hash of the normalised title}: stable across runs
    venue       VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    authors     VARCHAR[],
    pdf_url     VARCHAR,
    landing_url VARCHAR,
    source      VARCHAR NOT NULL,
    track       VARCHAR,             -- NULL for the main conference; e.g. findings, datasets_and_benchmarks
    fetched_at  TIMESTAMPTZ NOT NULL
);

-- One row per paper whose PDF was tried; the text itself is not kept here.
CREATE TABLE paper_texts (
    paper_id     VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    sha256       VARCHAR,
    pages        INTEGER,
    pages_read   INTEGER,
    chars        BIGINT,
    bytes        BIGINT,
    extractor    VARCHAR,
    error        VARCHAR,            -- why it failed, for people; retried next run
    url          VARCHAR,
    affiliations VARCHAR[],          -- companies whose markers stand on the first page (google, facebook)
    extracted_at TIMESTAMPTZ NOT NULL
);

-- Mentions per methodology profile (see scrapers/frameworks.toml); a paper without a row mentions none.
CREATE TABLE paper_mentions (
    paper_id        VARCHAR NOT NULL,
    profile         VARCHAR NOT NULL,
    framework       VARCHAR NOT NULL,
    hits            INTEGER NOT NULL,  -- in the whole text
    references_hits INTEGER NOT NULL   -- of those, in the reference list
);

CREATE TABLE profiles (
    profile           VARCHAR PRIMARY KEY,
    description       VARCHAR,
    counts_references BOOLEAN NOT NULL  -- false: a framework named only in the references is "cited", not used
);

-- Every source that listed a paper: the same paper from the study's list and the live site is one paper.
CREATE TABLE paper_sources (
    paper_id    VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    pdf_url     VARCHAR,
    landing_url VARCHAR,
    fetched_at  TIMESTAMPTZ NOT NULL
);

-- The 2019 study's published counts per conference-year (its data.csv), for the reproduction check.
CREATE TABLE published_shares (
    venue           VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    conf_month      INTEGER,
    pytorch_only    INTEGER NOT NULL,
    tensorflow_only INTEGER NOT NULL,
    papers          INTEGER NOT NULL,
    source_url      VARCHAR NOT NULL
);

CREATE TABLE runs (
    run_id      VARCHAR NOT NULL,
    flow        VARCHAR NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL,    -- ok | partial | failed
    params      JSON,
    counts      JSON                 -- per source: status, reason, fetched, failed, skipped
);

-- What could not be fetched or parsed, with the reason; the next run tries it again.
CREATE TABLE failures (
    run_id    VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    item      VARCHAR NOT NULL,
    url       VARCHAR,
    reason    VARCHAR NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
