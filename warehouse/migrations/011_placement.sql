-- Manual device placement (D2): per data-parallel strategy, the expressions in its code that put a
-- model, tensor or operation on a device by hand (kind = code, counted from the source), and how
-- TensorFlow 1.x placed towers on GPUs, from its own guide and tutorial (kind = documented).
CREATE TABLE placement_counts (
    run_id      VARCHAR NOT NULL,
    measured_at TIMESTAMPTZ NOT NULL,
    framework   VARCHAR NOT NULL,
    strategy    VARCHAR NOT NULL,   -- ddp | multi-worker | mirrored ; tf1-guide | tf1-cifar10
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('code', 'documented')),
    status      VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason      VARCHAR,
    placements  INTEGER,            -- tf.device(...), .to(<device>), .cuda(), torch.cuda.set_device(...), device_ids=,
                                    -- output_device=, devices=
    statements  VARCHAR[],          -- each placement: file:line: code (documented: as the source writes it)
    code        VARCHAR[],          -- the functions and classes counted (kind = code)
    fact        VARCHAR,            -- what the source says (kind = documented)
    source      VARCHAR,            -- the page it was read from
    read_on     DATE
);
