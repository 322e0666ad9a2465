-- D2: per data-parallel strategy, the latest count of the device placements its code writes by hand, and
-- whether it needs none; beside them, how TensorFlow 1.x placed one tower per GPU, as its own guide and
-- tutorial show it (kind = documented, with the source).
CREATE OR REPLACE VIEW device_placement AS
SELECT framework, strategy, name, kind, status, reason, placements,
       CASE WHEN status = 'ok' THEN placements = 0 END AS needs_none,
       statements, code, fact, source, read_on, run_id, measured_at
FROM placement_counts
QUALIFY row_number() OVER (PARTITION BY framework, strategy ORDER BY status = 'not_run', measured_at DESC) = 1
ORDER BY kind, framework, strategy;
