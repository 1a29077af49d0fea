"""The window of generated days (``Timeline``), calendar arithmetic on dates, and the helpers that
draw integers, times of day, weighted choices and health-driven scores from a ``random.Random``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from datetime import time as clock_time


class Timeline:
    """Day indexes of the window (0 = first day, days - 1 = end date) and the loader's run time."""

    def __init__(self, end_date: date, days: int) -> None:
        self.days = days
        self.end_date = end_date
        self.start_date = end_date - timedelta(days=days - 1)
        self.start = datetime.combine(self.start_date, clock_time())
        # The loader's last run: every _loaded_at is at or before it.
        self.run_time = datetime.combine(end_date + timedelta(days=1), clock_time(2, 0))
        self.end_moment = datetime.combine(end_date, clock_time(23, 59, 59))

    def moment(self, day: int, seconds: int) -> datetime:
        """Return the UTC time `seconds` after midnight of window day `day`."""
        return self.start + timedelta(days=day, seconds=seconds)

    def date_of(self, day: int) -> date:
        return self.start_date + timedelta(days=day)

    def day_of(self, value: date | datetime) -> int:
        if isinstance(value, datetime):
            value = value.date()
        return (value - self.start_date).days


def uniform_int(rng: random.Random, low: int, high: int) -> int:
    """Return an integer on [low, high], like randint but faster on hot paths."""
    return low + int(rng.random() * (high - low + 1))


def working_seconds(rng: random.Random) -> int:
    """Return a time of day in seconds, mostly in working hours (UTC)."""
    if rng.random() < 0.85:
        return uniform_int(rng, 7 * 3600, 19 * 3600)
    return uniform_int(rng, 0, 86_399)


def add_years(value: date, years: int) -> date:
    """Return the same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def add_months(value: date, months: int) -> date:
    """Return the same day `months` later, clamped to the last day of a shorter month."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, min(value.day, day))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {value}")


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def score_from_health(rng: random.Random, health: float, low: int, high: int, spread: float) -> int:
    """Draw an integer score on [low, high] whose mean rises linearly with health (0..1)."""
    mean = low + (high - low) * health
    return int(clamp(round(rng.gauss(mean, spread)), low, high))
