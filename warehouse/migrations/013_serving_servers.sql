-- Model servers side by side (the article's P1, TF+3, PT-2): each framework's own serving product where it
-- installs, and a FastAPI app on uvicorn, each serving the framework's own export on 127.0.0.1 under 1, 8
-- and 32 concurrent clients.
CREATE TABLE serving_servers (
    run_id            VARCHAR NOT NULL,
    measured_at       TIMESTAMPTZ NOT NULL,
    server            VARCHAR NOT NULL,   -- TorchServe | TensorFlow Serving | FastAPI + uvicorn
    server_version    VARCHAR,            -- the packages serving, e.g. torchserve 0.12.0
    framework_product BOOLEAN,            -- the framework's own serving product, not a general web framework
    framework         VARCHAR NOT NULL,
    device            VARCHAR NOT NULL,
    workload          VARCHAR NOT NULL,
    format            VARCHAR NOT NULL,   -- the export served: torch_export | savedmodel
    concurrency       INTEGER NOT NULL,   -- clients sending at once
    status            VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason            VARCHAR,
    start_s           DOUBLE,             -- launch to ready to answer (TorchServe: archive, JVM, Python worker, model)
    outputs_match     BOOLEAN,            -- the server's answers equal the original model's outputs (fp32 tolerance)
    output_diff       DOUBLE,             -- max |served - original|, scaled by the outputs' magnitude
    requests          INTEGER,            -- answered at this concurrency, within the level's request and time bounds
    throughput        DOUBLE,             -- requests answered per second
    p50_ms            DOUBLE,             -- one request, batch 1, send to full answer
    p99_ms            DOUBLE,
    fingerprint       JSON
);
