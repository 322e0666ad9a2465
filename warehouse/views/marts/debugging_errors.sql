-- TF-1 by a measurable proxy: the same deliberate shape bug in a user's training step, the latest result
-- per framework, mode and device. Does what Python prints name the user's file and the bug's line; does
-- the traceback reach the bug's frame (where a post-mortem debugger could stop); how many frames of
-- framework code stand between the user's outermost frame and the raising one. How clearly the message
-- reads is not measured.
CREATE OR REPLACE VIEW debugging_errors AS
SELECT framework, mode, device, status, reason, names_bug_line, bug_frame_in_traceback, framework_frames,
       traceback_frames, printed_lines, error_type, raised_at, user_file, bug_line, message, run_id, measured_at
FROM debugging_runs
QUALIFY row_number() OVER (PARTITION BY framework, mode, device ORDER BY status = 'not_run', measured_at DESC) = 1
ORDER BY framework, mode <> 'eager', mode, device;
