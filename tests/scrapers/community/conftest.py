from datetime import date

import pytest

from scrapers.community import months, utc_now


@pytest.fixture
def asking_for():
    """`asking_for(*wanted)`: the (since, final_months) arguments of a source's `fetch_counts` that leave
    exactly the months `wanted` to ask for."""
    def since_and_final(*wanted: date) -> tuple[date, set[date]]:
        since = min(wanted)
        return since, set(months(since, utc_now().date())) - set(wanted)
    return since_and_final
