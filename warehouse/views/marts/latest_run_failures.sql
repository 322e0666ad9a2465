-- The items the latest run of each flow could not fetch or parse, with the reason, when they first failed and
-- how many times; the next run tries them again. An item that is a paper carries its title.
CREATE OR REPLACE VIEW latest_run_failures AS
SELECT l.flow, f.source, f.item, f.url, f.reason, f.failed_at, f.run_id, p.title, f.first_failed_at, f.attempts
FROM failures f
JOIN latest_runs l USING (run_id)
LEFT JOIN papers p ON p.paper_id = f.item;
