-- One row per measured configuration (variant) of an experiments run: what was measured, whether the
-- two frameworks' models were proven the same first, the timings, and the machine it ran on.
CREATE TABLE experiment_runs (
    run_id                  VARCHAR NOT NULL,
    measured_at             TIMESTAMPTZ NOT NULL,
    profile                 VARCHAR NOT NULL,    -- quick | full
    workload                VARCHAR NOT NULL,    -- linear | mlp | cnn | lstm | transformer
    framework               VARCHAR NOT NULL,    -- torch | tensorflow
    mode                    VARCHAR NOT NULL,    -- eager | compile (torch) ; eager | function | xla (tensorflow)
    device                  VARCHAR NOT NULL,    -- cpu | cuda
    device_name             VARCHAR,             -- CPU model or GPU name
    precision               VARCHAR NOT NULL,    -- fp32 | bf16 (autocast / mixed_bfloat16)
    phase                   VARCHAR NOT NULL,    -- train (forward, backward, update) | infer
    batch_size              INTEGER NOT NULL,
    status                  VARCHAR NOT NULL CHECK (status IN ('ok', 'not_run', 'failed')),
    reason                  VARCHAR,             -- why not run or failed, for people
    -- The equivalence check, run before any timing; NULL when it could not run (a framework missing).
    equivalent              BOOLEAN,
    equivalence_output_diff DOUBLE,              -- max |torch - keras| of inference outputs (/ max |out| if > 1)
    equivalence_loss_diff   DOUBLE,              -- the same for the losses of two training steps
    equivalence_tolerance   DOUBLE,
    equivalence_reason      VARCHAR,
    params                  BIGINT,              -- trainable parameters (equal in both when equivalent)
    -- Timings; NULL unless status = 'ok'.
    first_call_s            DOUBLE,              -- first call: tracing, compilation, first allocations
    block_steps             INTEGER,             -- steps per timed repeat
    repeats                 INTEGER,
    step_ms_median          DOUBLE,
    step_ms_p10             DOUBLE,
    step_ms_p90             DOUBLE,
    step_ms_cv              DOUBLE,              -- repeat-to-repeat coefficient of variation
    rel_error               DOUBLE,              -- half-width of the median's 95 % interval / median
    target_rel_error        DOUBLE,
    samples_ms              DOUBLE[],            -- per-step time of each repeat
    throughput              DOUBLE,              -- samples (images, sequences) per second
    flops_per_step          DOUBLE,              -- analytic; a training step counts 3x the forward
    tflops                  DOUBLE,              -- achieved: flops_per_step / median step time
    peak_mem_mb             DOUBLE,              -- peak while the variant was built and warmed up
    mem_source              VARCHAR,             -- rss | torch.cuda.max_memory_allocated | tf get_memory_info
    threads                 INTEGER,
    hparams                 JSON,
    fingerprint             JSON                 -- versions, CPU/GPU, threads, TF32 and XLA settings
);
