-- The two frameworks are timed taking turns, block by block: where each block stood in its run's sequence
-- says which TensorFlow and PyTorch blocks ran one right after the other (view framework_speed_ratio).
ALTER TABLE experiment_runs ADD COLUMN samples_seq INTEGER[];
COMMENT ON COLUMN experiment_runs.samples_seq IS
    'position of each repeat (samples_ms) in the run''s sequence of timed blocks; NULL before paired timing';
COMMENT ON COLUMN experiment_runs.flops_per_step IS
    'analytic, equal to torch.utils.flop_counter: a training step is 3x the forward pass less the input '
    'gradients no product needs (the data''s, a zero initial state''s); 3x the forward in rows measured before';
