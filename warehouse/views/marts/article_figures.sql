-- The figures the 2019 article published (job listings, Medium articles), each with its citation, to set
-- beside today's series; warehouse/seeds/published_figures.csv holds them.
CREATE OR REPLACE VIEW article_figures AS
SELECT metric, framework, value, qualifier, as_of, citation, url
FROM published_figures;
