from datetime import date, datetime, timedelta, timezone

from scrapers import community
from scrapers.community import cache_max_age, months, months_to_fetch, period_end


def test_months_run_from_the_month_of_since_to_the_month_of_until_across_a_year_end():
    assert months(date(2023, 11, 17), date(2024, 2, 3)) == [
        date(2023, 11, 1), date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1),
    ]


def test_an_incremental_refresh_asks_only_for_months_not_final():
    final = {date(2024, 1, 1), date(2024, 2, 1), date(2024, 4, 1)}

    assert months_to_fetch(date(2024, 1, 1), date(2024, 5, 31), final) == [date(2024, 3, 1), date(2024, 5, 1)]


def test_a_period_ends_at_midnight_utc_after_its_last_day():
    assert period_end(date(2024, 2, 1), monthly=True) == datetime(2024, 3, 1, tzinfo=timezone.utc)
    assert period_end(date(2024, 12, 31), monthly=False) == datetime(2025, 1, 1, tzinfo=timezone.utc)


def test_a_running_period_replays_its_cached_answer_for_a_few_hours_only():
    now = datetime(2024, 5, 20, 12, tzinfo=timezone.utc)

    assert cache_max_age(period_end(date(2024, 5, 1), monthly=True), now) == community.LIVE_MAX_AGE


def test_an_answer_cached_before_its_period_ended_is_too_old_to_replay_after():
    end = period_end(date(2024, 5, 1), monthly=True)
    now = end + timedelta(days=40)
    limit = cache_max_age(end, now)

    assert now - (end - timedelta(hours=1)) > limit  # fetched on the month's last evening: asked again
    assert now - (end + timedelta(hours=1)) < limit  # fetched once the month was over: replays
