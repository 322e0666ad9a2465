-- Job postings, the frameworks their text mentions, community activity, and the 2019 published figures.
CREATE TABLE job_posts (
    post_id     VARCHAR NOT NULL,    -- source-qualified: hn:37351668, greenhouse:anthropic:4012345
    source      VARCHAR NOT NULL,    -- hn | greenhouse | lever | ashby
    board       VARCHAR,             -- a company board's id (greenhouse:anthropic); NULL for HN
    month       DATE NOT NULL,       -- HN: the thread's month; boards: the month first seen open
    company     VARCHAR,
    title       VARCHAR,
    location    VARCHAR,
    posted_at   TIMESTAMPTZ,
    url         VARCHAR,
    thread_id   VARCHAR,
    first_seen  TIMESTAMPTZ NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL, -- last seen
    closed_at   TIMESTAMPTZ           -- boards: the first snapshot that no longer listed it
);

CREATE TABLE job_mentions (
    post_id   VARCHAR NOT NULL,
    profile   VARCHAR NOT NULL,
    framework VARCHAR NOT NULL,
    hits      INTEGER NOT NULL
);

-- Monthly (daily for PyPI downloads) counts per source and framework; a final count will not change.
CREATE TABLE community_counts (
    source      VARCHAR NOT NULL,    -- stackoverflow | devto | pypistats | github
    framework   VARCHAR NOT NULL,
    period      DATE NOT NULL,       -- first day of the month, or the day
    count       BIGINT NOT NULL,
    final       BOOLEAN NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL
);

-- Figures the 2019 article published, with their citation, to set beside today's series.
CREATE TABLE published_figures (
    metric    VARCHAR NOT NULL,      -- job_listings | medium_articles
    framework VARCHAR NOT NULL,
    value     INTEGER NOT NULL,
    qualifier VARCHAR NOT NULL,      -- exactly | more than
    as_of     DATE NOT NULL,
    citation  VARCHAR NOT NULL,
    url       VARCHAR NOT NULL
);
INSERT INTO published_figures VALUES
    ('job_listings', 'tensorflow', 1541, 'exactly', DATE '2019-10-10',
     'Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 10 October 2019',
     'https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/'),
    ('job_listings', 'pytorch', 1437, 'exactly', DATE '2019-10-10',
     'Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 10 October 2019',
     'https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/'),
    ('medium_articles', 'tensorflow', 3000, 'more than', DATE '2019-10-10',
     'Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 10 October 2019',
     'https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/'),
    ('medium_articles', 'pytorch', 1200, 'more than', DATE '2019-10-10',
     'Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 10 October 2019',
     'https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/');
