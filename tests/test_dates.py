"""The one date display helper, at every precision."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dates import Certainty, DatePrecision, TimeOfDay, display_date

D = dt.date


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"start": D(2025, 6, 14)}, "June 14, 2025"),
        (
            {"start": D(2025, 6, 15), "time_of_day": TimeOfDay.NIGHT},
            "Sunday night, June 15, 2025",
        ),
        (
            {"start": D(2025, 6, 9), "end": D(2025, 6, 15), "precision": DatePrecision.WEEK},
            "Week of June 9, 2025",
        ),
        (
            {"start": D(2025, 6, 1), "end": D(2025, 6, 30), "precision": DatePrecision.MONTH},
            "June 2025",
        ),
        (
            {"start": D(2025, 1, 1), "end": D(2025, 12, 31), "precision": DatePrecision.YEAR},
            "2025",
        ),
        (
            {"start": D(2025, 6, 15), "precision": DatePrecision.TIME, "time": dt.time(21, 30)},
            "June 15, 2025, 9:30 p.m.",
        ),
        ({"start": D(2025, 10, 18)}, "Oct. 18, 2025"),
        ({"start": D(2025, 9, 2)}, "Sept. 2, 2025"),
        ({"start": D(2025, 6, 7), "end": D(2025, 6, 10)}, "June 7–10, 2025"),
        ({"start": D(2025, 6, 28), "end": D(2025, 7, 2)}, "June 28 – July 2, 2025"),
        ({"start": D(2024, 12, 30), "end": D(2025, 1, 2)}, "Dec. 30, 2024 – Jan. 2, 2025"),
        (
            {"start": D(2025, 6, 1), "end": D(2025, 7, 31), "precision": DatePrecision.MONTH},
            "June – July 2025",
        ),
        (
            {
                "start": D(2025, 6, 9),
                "end": D(2025, 6, 15),
                "precision": DatePrecision.WEEK,
                "certainty": Certainty.APPROXIMATE,
            },
            "About the week of June 9, 2025",
        ),
        (
            {"start": D(2025, 6, 14), "certainty": Certainty.UNCERTAIN},
            "June 14, 2025 (unconfirmed)",
        ),
    ],
)
def test_display_date_says_no_more_than_is_known(kwargs, expected):
    assert display_date(**kwargs) == expected


def test_noon_and_midnight_are_words():
    noon = display_date(start=D(2025, 6, 15), precision=DatePrecision.TIME, time=dt.time(12, 0))
    midnight = display_date(start=D(2025, 6, 15), precision=DatePrecision.TIME, time=dt.time(0, 0))
    assert noon == "June 15, 2025, noon"
    assert midnight == "June 15, 2025, midnight"


def test_precision_slugs_round_trip():
    for precision in DatePrecision:
        assert DatePrecision.from_slug(precision.slug) == precision
    with pytest.raises(ValueError, match="fortnight"):
        DatePrecision.from_slug("fortnight")
