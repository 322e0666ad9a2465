-- A distributed run's workers are processes or, for MirroredStrategy, replicas within one process.
ALTER TABLE distributed_runs ADD COLUMN processes INTEGER;
UPDATE distributed_runs SET processes = workers;
