-- The visualisation feature matrix (the article's V1-V3, PT-1): each tool tries every feature the article
-- lists; a feature is supported only when what was written is read back (TensorBoard's reader, Visdom's API).
CREATE TABLE visualisation_features (
    run_id      VARCHAR NOT NULL,
    measured_at TIMESTAMPTZ NOT NULL,
    tool        VARCHAR NOT NULL,    -- TensorBoard | Visdom
    framework   VARCHAR NOT NULL,    -- the framework whose process wrote: tensorflow | torch
    device      VARCHAR NOT NULL,
    feature     VARCHAR NOT NULL,    -- scalars | graph | histograms | images | text | audio | profiler_trace | callbacks
    status      VARCHAR NOT NULL CHECK (status IN ('supported', 'unsupported', 'failed', 'not_run')),
    reason      VARCHAR,             -- why unsupported, failed or not run
    api         VARCHAR,             -- the call that wrote the feature, e.g. SummaryWriter.add_histogram
    written     INTEGER,             -- things written: values, histograms, images, clips, graphs, traces, events
    read_back   INTEGER,             -- of those, read back intact
    detail      VARCHAR,             -- what was read, e.g. "16 graph nodes"
    log_dir     VARCHAR,             -- TensorBoard's log directory (tensorboard --logdir opens it)
    fingerprint JSON
);
