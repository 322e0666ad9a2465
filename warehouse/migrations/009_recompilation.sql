-- Recompilation (E2, E3, TF-2, PT+2): a workload's training step fed one change of input after another
-- (a new batch size, a second one, a new sequence length, a new dtype, the first input again), in eager
-- and in every graph or compiled mode. The view recompilation_cost sets each mode against eager.
CREATE TABLE recompilation_runs (
    run_id         VARCHAR NOT NULL,
    measured_at    TIMESTAMPTZ NOT NULL,
    framework      VARCHAR NOT NULL,
    device         VARCHAR NOT NULL,
    workload       VARCHAR NOT NULL,
    mode           VARCHAR NOT NULL,    -- torch: eager | compile (torch.compile's default) | compile_dynamic (dynamic=True);
                                        -- tensorflow: eager | function (tf.function) | xla (jit_compile=True)
    change_order   INTEGER NOT NULL,    -- 0: the first input; then each change in the order made
    change         VARCHAR NOT NULL,    -- initial | batch_size | batch_size_again | seq_len | dtype | first_input_again
    batch_size     INTEGER,             -- the input after the change: every change keeps the ones before it
    seq_len        INTEGER,             -- sequence workloads only
    dtype          VARCHAR,             -- the inputs' dtype as fed; the step casts them to the model's
    status         VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason         VARCHAR,
    compiles       INTEGER,             -- traces or compiled frames this input caused, by the framework's own counter
    counter        VARCHAR,             -- which counter: tf.function's tracing count, or dynamo's compiled frames
    compile_caches VARCHAR,             -- torch.compile only: kept (inductor's on-disk caches, as PyTorch keeps
                                        -- them: an input compiled before compiles from them) | empty (every compile cold)
    first_call_s   DOUBLE,              -- the first call with the new input
    first_calls    INTEGER,             -- calls timed one by one after the change
    compile_s      DOUBLE,              -- what those calls took beyond as many steady steps: tracing and compiling
    step_ms        DOUBLE,              -- median steady step at the new input
    fingerprint    JSON
);
