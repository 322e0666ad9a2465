-- Job postings and the frameworks their text mentions.
CREATE TABLE job_posts (
    post_id     VARCHAR NOT NULL,    -- source-qualified, e.g. hn:37351668
    source      VARCHAR NOT NULL,
    month       DATE NOT NULL,       -- first day of the month the posting belongs to
    company     VARCHAR,
    title       VARCHAR,
    location    VARCHAR,
    posted_at   TIMESTAMPTZ,
    url         VARCHAR,
    thread_id   VARCHAR,
    observed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE job_mentions (
    post_id   VARCHAR NOT NULL,
    profile   VARCHAR NOT NULL,
    framework VARCHAR NOT NULL,
    hits      INTEGER NOT NULL
);
