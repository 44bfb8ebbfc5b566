"""What the extractor accepts: article text of a sane size, decodable, with a date."""

from __future__ import annotations

import datetime as dt
import zoneinfo

MAX_ARTICLE_BYTES = 200_000


class ArticleError(ValueError):
    """Input the extractor refuses, with a message meant for the person who gave it."""


def article_text(raw: bytes | str) -> str:
    """The text of an article, or ArticleError saying why it cannot be read."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_ARTICLE_BYTES:
            raise ArticleError(_too_long(len(raw)))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArticleError("The article is not UTF-8 text; is it a binary file?") from None
    if len(raw.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleError(_too_long(len(raw.encode("utf-8"))))
    if "\x00" in raw or _control_share(raw) > 0.01:
        raise ArticleError("The article holds binary data, not text.")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ArticleError("The article is empty.")
    return text


def _too_long(size: int) -> str:
    return (
        f"The article is {size // 1000:,} kB; the limit is {MAX_ARTICLE_BYTES // 1000} kB. "
        "Paste the article's text alone."
    )


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    return control / len(text)


def publication_time(value: str, time_zone: str) -> dt.datetime:
    """ "2025-06-16" or "2025-06-16T09:00" as an aware time in time_zone, not in the future."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ArticleError(f"Unknown time zone {time_zone!r}; use an IANA name.") from None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ArticleError(
            f"Publication date {value!r} is not a date like 2025-06-16 or 2025-06-16T09:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if moment > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
        raise ArticleError("The publication date is in the future.")
    return moment
