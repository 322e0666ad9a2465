-- warehouse/seeds/published_figures.csv replaces the rows with its key on every open: one figure per
-- metric and framework.
ALTER TABLE published_figures ADD PRIMARY KEY (metric, framework);
