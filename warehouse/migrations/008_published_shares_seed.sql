-- warehouse/seeds/published_shares.csv (the study's data.csv, with its citation) replaces the rows with its key
-- on every open: one row per conference-year.
ALTER TABLE published_shares ADD COLUMN citation VARCHAR;
ALTER TABLE published_shares ADD PRIMARY KEY (venue, year);
