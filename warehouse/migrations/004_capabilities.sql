-- Capabilities beyond single-device step times, one table per measurement; every row carries the run,
-- when it was measured, its outcome and the environment fingerprint experiment_runs records.

-- TensorBoard: a framework logs a short training run's loss with its own writer; TensorBoard's reader
-- must give back every value.
CREATE TABLE tensorboard_runs (
    run_id           VARCHAR NOT NULL,
    measured_at      TIMESTAMPTZ NOT NULL,
    framework        VARCHAR NOT NULL,    -- torch (torch.utils.tensorboard) | tensorflow (tf.summary)
    device           VARCHAR NOT NULL,
    workload         VARCHAR NOT NULL,
    status           VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason           VARCHAR,
    log_dir          VARCHAR,
    events_written   INTEGER,
    events_read_back INTEGER,             -- values TensorBoard's EventAccumulator read, equal to those written
    write_s          DOUBLE,              -- training and logging
    fingerprint      JSON
);

-- Serving: a workload exported, loaded in a fresh process, timed, and served over HTTP on 127.0.0.1.
CREATE TABLE serving_runs (
    run_id             VARCHAR NOT NULL,
    measured_at        TIMESTAMPTZ NOT NULL,
    framework          VARCHAR NOT NULL,
    device             VARCHAR NOT NULL,
    workload           VARCHAR NOT NULL,
    format             VARCHAR NOT NULL,  -- savedmodel | torch_export | onnx (ONNX Runtime)
    status             VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason             VARCHAR,
    export_s           DOUBLE,
    file_bytes         BIGINT,
    load_s             DOUBLE,            -- loading the exported model in a process that never saw the original
    outputs_match      BOOLEAN,           -- exported model's outputs equal the original's (fp32 tolerance)
    output_diff        DOUBLE,            -- max |exported - original|, scaled by the outputs' magnitude
    p50_ms             DOUBLE,            -- exported model, batch 1
    p99_ms             DOUBLE,
    inprocess_p50_ms   DOUBLE,            -- the original model called in its own process, batch 1
    inprocess_p99_ms   DOUBLE,
    batch_size         INTEGER,           -- the batch throughput is measured at
    throughput         DOUBLE,            -- samples per second
    server             VARCHAR,
    http_requests      INTEGER,
    http_concurrency   INTEGER,
    http_outputs_match BOOLEAN,
    http_p50_ms        DOUBLE,            -- end to end through the HTTP server, batch 1, under the bounded load
    http_p99_ms        DOUBLE,
    fingerprint        JSON
);

-- Facts about each framework's model servers, from experiments/serving_products.toml.
CREATE TABLE serving_products (
    name         VARCHAR PRIMARY KEY,
    frameworks   VARCHAR[] NOT NULL,
    maintenance  VARCHAR NOT NULL,        -- maintained | limited
    distribution VARCHAR,
    fact         VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,        -- the page the fact was read from
    read_on      DATE NOT NULL
);

-- Distributed training: one workload trained data-parallel in 1..N processes on one machine.
CREATE TABLE distributed_runs (
    run_id             VARCHAR NOT NULL,
    measured_at        TIMESTAMPTZ NOT NULL,
    framework          VARCHAR NOT NULL,
    device             VARCHAR NOT NULL,
    workload           VARCHAR NOT NULL,
    workers            INTEGER NOT NULL,  -- processes, or replicas in one process (005 adds `processes`); 1 is the single-process baseline
    strategy           VARCHAR,           -- DistributedDataParallel (gloo) | MultiWorkerMirroredStrategy (ring) | MirroredStrategy (...) | single process
    status             VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason             VARCHAR,
    batch_per_worker   INTEGER,
    global_batch       INTEGER,
    threads_per_worker INTEGER,
    threads            INTEGER,           -- all workers together
    steps              INTEGER,           -- timed steps
    throughput         DOUBLE,            -- samples per second, all workers together
    scaling_efficiency DOUBLE,            -- throughput / (workers x throughput of 1 worker)
    start_s            DOUBLE,            -- launch to the end of the first step: imports, rendezvous, tracing
    setup_lines        INTEGER,           -- lines of the functions that set distribution up, counted from the code
    equivalent         BOOLEAN,           -- parameters after one step equal one process's on the same global batch
    param_diff         DOUBLE,            -- max |distributed - single| of those parameters, scaled
    fingerprint        JSON
);

-- Mobile: the cnn workload converted to the on-device format and run by that format's runtime on this CPU.
CREATE TABLE mobile_runs (
    run_id              VARCHAR NOT NULL,
    measured_at         TIMESTAMPTZ NOT NULL,
    framework           VARCHAR NOT NULL,
    device              VARCHAR NOT NULL,
    workload            VARCHAR NOT NULL,
    format              VARCHAR NOT NULL,  -- tflite (TensorFlow Lite / LiteRT) | executorch (XNNPACK)
    status              VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason              VARCHAR,
    convert_s           DOUBLE,
    file_bytes          BIGINT,
    outputs_match       BOOLEAN,           -- on-device outputs equal the original model's (fp32 tolerance)
    output_diff         DOUBLE,
    calls               INTEGER,
    latency_ms          DOUBLE,            -- median, batch 1, the format's own runtime
    p99_ms              DOUBLE,
    original_latency_ms DOUBLE,            -- median, batch 1, the original model in its framework (eager)
    fingerprint         JSON
);
