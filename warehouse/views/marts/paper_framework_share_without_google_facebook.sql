-- The article's headline chart: as paper_framework_share, without papers whose first page names a
-- Google or Facebook affiliation (the study's markers, scrapers/sections.py).
CREATE OR REPLACE VIEW paper_framework_share_without_google_facebook AS SELECT * FROM framework_share(true);
