-- Debugging (TF-1): the same deliberate shape bug in the forward pass of a user's training step, run in
-- each mode of each framework. A measurable proxy for how hard debugging is, not the whole of it: whether
-- the error points at the bug, and how much framework code stands in the way; not how clearly it reads.
CREATE TABLE debugging_runs (
    run_id                 VARCHAR NOT NULL,
    measured_at            TIMESTAMPTZ NOT NULL,
    framework              VARCHAR NOT NULL,
    device                 VARCHAR NOT NULL,
    mode                   VARCHAR NOT NULL,   -- eager | compile (torch.compile) ; eager | function | xla
    status                 VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'not_run')),
    reason                 VARCHAR,
    user_file              VARCHAR,            -- the user's code, holding the bug
    bug_line               INTEGER,            -- the line of the bug in user_file
    error_type             VARCHAR,
    message                VARCHAR,            -- the error's message, its first 1000 characters
    names_bug_line         BOOLEAN,            -- what Python prints for the error names user_file and bug_line
    bug_frame_in_traceback BOOLEAN,            -- the traceback reaches the bug's frame (a post-mortem debugger can stop there)
    traceback_frames       INTEGER,            -- frames from the call into the user's step to the raising frame
    framework_frames       INTEGER,            -- of those, frames outside user_file below the user's outermost frame
                                               -- (framework code, and code it generates, such as autograph's); NULL
                                               -- when no frame is in user_file
    raised_at              VARCHAR,            -- file:line of the raising frame
    printed_lines          INTEGER,            -- lines Python prints for the error, chained errors included
    fingerprint            JSON
);
