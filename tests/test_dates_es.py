"""The date display helper in Spanish, at every precision; English stays AP style."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from timeline.dates import Certainty, DatePrecision, TimeOfDay, display_date

D = dt.date
WEEK = {"start": D(2025, 6, 9), "end": D(2025, 6, 15), "precision": DatePrecision.WEEK}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"start": D(2025, 6, 9)}, "9 de junio de 2025"),
        ({"start": D(2025, 10, 1)}, "1 de octubre de 2025"),
        (
            {"start": D(2025, 6, 14), "time_of_day": TimeOfDay.NIGHT},
            "Sábado en la noche, 14 de junio de 2025",
        ),
        (
            {"start": D(2025, 6, 11), "time_of_day": TimeOfDay.EARLY_MORNING},
            "Miércoles en la madrugada, 11 de junio de 2025",
        ),
        (WEEK, "Semana del 9 de junio de 2025"),
        (
            {"start": D(2025, 6, 1), "end": D(2025, 6, 30), "precision": DatePrecision.MONTH},
            "Junio de 2025",
        ),
        (
            {"start": D(2025, 6, 1), "end": D(2025, 7, 31), "precision": DatePrecision.MONTH},
            "De junio a julio de 2025",
        ),
        (
            {"start": D(2024, 12, 1), "end": D(2025, 1, 31), "precision": DatePrecision.MONTH},
            "De diciembre de 2024 a enero de 2025",
        ),
        (
            {"start": D(2025, 1, 1), "end": D(2025, 12, 31), "precision": DatePrecision.YEAR},
            "2025",
        ),
        (
            {"start": D(2024, 1, 1), "end": D(2025, 12, 31), "precision": DatePrecision.YEAR},
            "2024–2025",
        ),
        (
            {"start": D(2025, 6, 15), "precision": DatePrecision.TIME, "time": dt.time(21)},
            "15 de junio de 2025, 9 p. m.",
        ),
        (
            {"start": D(2025, 6, 15), "precision": DatePrecision.TIME, "time": dt.time(9, 30)},
            "15 de junio de 2025, 9:30 a. m.",
        ),
        (
            {"start": D(2025, 6, 15), "precision": DatePrecision.TIME, "time": dt.time(12)},
            "15 de junio de 2025, mediodía",
        ),
        (
            {"start": D(2025, 6, 15), "precision": DatePrecision.TIME, "time": dt.time(0)},
            "15 de junio de 2025, medianoche",
        ),
        ({"start": D(2025, 6, 7), "end": D(2025, 6, 10)}, "Del 7 al 10 de junio de 2025"),
        ({"start": D(2025, 6, 28), "end": D(2025, 7, 2)}, "Del 28 de junio al 2 de julio de 2025"),
        (
            {"start": D(2024, 12, 30), "end": D(2025, 1, 2)},
            "Del 30 de diciembre de 2024 al 2 de enero de 2025",
        ),
        ({**WEEK, "certainty": Certainty.APPROXIMATE}, "Hacia la semana del 9 de junio de 2025"),
        (
            {"start": D(2025, 6, 14), "certainty": Certainty.APPROXIMATE},
            "Hacia el 14 de junio de 2025",
        ),
        (
            {
                "start": D(2025, 6, 1),
                "end": D(2025, 6, 30),
                "precision": DatePrecision.MONTH,
                "certainty": Certainty.APPROXIMATE,
            },
            "Hacia junio de 2025",
        ),
        (
            {"start": D(2025, 6, 7), "end": D(2025, 6, 10), "certainty": Certainty.APPROXIMATE},
            "Aproximadamente del 7 al 10 de junio de 2025",
        ),
        (
            {"start": D(2025, 6, 14), "certainty": Certainty.UNCERTAIN},
            "14 de junio de 2025 (sin confirmar)",
        ),
    ],
)
def test_spanish_dates_say_what_is_known_in_spanish(kwargs, expected):
    with translation.override("es"):
        assert display_date(**kwargs) == expected


def test_english_dates_stay_ap_style_while_spanish_exists():
    with translation.override("en"):
        assert display_date(**WEEK) == "Week of June 9, 2025"
        assert display_date(start=D(2025, 9, 2)) == "Sept. 2, 2025"


def test_day_and_month_names_follow_the_active_language():
    from django.utils import translation

    from timeline.dates import day_in_language, month_day_in_language, month_in_language

    day = dt.date(2025, 6, 9)
    with translation.override("en"):
        assert (day_in_language(day), month_day_in_language(day)) == ("June 9, 2025", "June 9")
        assert month_in_language(day, short=True) == "Jun 2025"
    with translation.override("es"):
        assert (day_in_language(day), month_day_in_language(day)) == (
            "9 de junio de 2025",
            "9 de junio",
        )
        assert month_in_language(day) == "junio de 2025"
        assert month_in_language(day, short=True, year=False) == "jun"
