-- Each framework's first release on PyPI, from PyPI's latest answer (claim F1).
CREATE OR REPLACE VIEW framework_origins AS
SELECT framework, package, first_version, first_upload_at, releases, response_date, history_note
FROM framework_releases
QUALIFY row_number() OVER (PARTITION BY framework ORDER BY response_date DESC) = 1;
