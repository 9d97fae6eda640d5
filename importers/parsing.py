"""Cell parsers shared by the importers: dates, counts, coordinates, header names.

Each parser takes a raw cell (text from a CSV, or a typed value from XLSX)
and returns a clean value, or raises ValueError with a sentence saying what
was expected. None of them guesses silently: where a value is repaired (a
swapped coordinate pair, a US-style date), the caller warns.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from i18n import _

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan", "enero", "ene", "janvier", "janeiro"),
            ("february", "feb", "febrero", "fevrier", "fevereiro", "fev"),
            ("march", "mar", "marzo", "mars", "marco"),
            ("april", "apr", "abril", "abr", "avril", "avr"),
            ("may", "mayo", "mai", "maio"),
            ("june", "jun", "junio", "juin", "junho"),
            ("july", "jul", "julio", "juillet", "julho", "juil"),
            ("august", "aug", "agosto", "ago", "aout"),
            ("september", "sep", "sept", "septiembre", "setiembre", "set", "septembre", "setembro"),
            ("october", "oct", "octubre", "octobre", "outubro", "out"),
            ("november", "nov", "noviembre", "novembre", "novembro"),
            ("december", "dec", "diciembre", "dic", "decembre", "dezembro", "dez"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1990, 1, 1)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed: for matching names."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9#+]+", " ", text)
    return " ".join(text.split())


def header_key(name: str) -> str:
    """A header as matched against the known names: 'Number of Dead ' -> 'number of dead'."""
    return fold(name.replace("\ufeff", ""))


# --- numbers -----------------------------------------------------------------

_GROUPED = re.compile(r"^[+-]?\d{1,3}([,\u00a0\u202f ]\d{3})+(\.\d+)?$")


def parse_count(value: object, *, column: str = "") -> int | None:
    """A whole number of at least 0; None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("expected a whole number, found true/false"))
    if isinstance(value, int):
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        text = str(value).strip()
        if _GROUPED.match(text):
            text = re.sub(r"[,\u00a0\u202f ]", "", text)
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("expected a whole number")) from None
    if not math.isfinite(number) or not number.is_integer():
        raise ValueError(_("expected a whole number"))
    if number < 0:
        raise ValueError(_("expected a number of at least 0"))
    if number > 10_000_000_000:
        raise ValueError(_("number too large"))
    return int(number)


def parse_float(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(_("expected a number"))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u2212", "-").rstrip("°")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(_("expected a finite number"))
    return number


# --- dates -------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_SLASHED = re.compile(
    r"^(?:(?P<wd>[A-Za-z]{3,9})\.?,?\s+)?(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})"
    r"(?:\s*-?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)?$"
)
_MONTH_FIRST = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?(?P<m>[A-Za-z]{3,10})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+)?(?P<m>[A-Za-z]{3,10})\.?,?\s+(?:de\s+)?(?P<y>\d{4})$")


def _date(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ValueError(_("not a calendar date")) from None


def parse_date(value: object, *, today: dt.date | None = None) -> tuple[dt.date, str | None]:
    """The date and, if the reading involved a choice, a note saying which (else None).

    Accepts ISO dates (2014-01-06, with or without a time), "January 6, 2014",
    "6 January 2014", MMP's "Thu, 01/01/2026 - 12:00" (month first, the weekday
    used to check), plain "01/06/2014" (month first as MMP writes it, day first
    when the first number is over 12), Excel dates and serial numbers.
    """
    today = today or dt.date.today()
    note = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or not 20000 <= value <= 80000:
            raise ValueError(_("expected a date"))
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        text = " ".join(str(value).strip().split())
        day, note = _parse_date_text(text)
    if day < EARLIEST:
        raise ValueError(_("date before 1990"))
    if day > today + dt.timedelta(days=1):
        raise ValueError(_("date in the future"))
    return day, note


def _parse_date_text(text: str) -> tuple[dt.date, str | None]:
    if m := _ISO.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3])), None
    if m := _YMD_SLASH.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3])), None
    if m := _SLASHED.match(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        weekday = WEEKDAYS.get((m["wd"] or "")[:3].lower())
        if m["wd"] and weekday is None:
            raise ValueError(_("expected a date"))
        readings = []
        for month, day in ((a, b), (b, a)):
            try:
                readings.append(dt.date(y, month, day))
            except ValueError:
                pass
        if weekday is not None:
            matching = [d for d in readings if d.weekday() == weekday]
            if not matching:
                raise ValueError(_("the weekday does not match the date"))
            return matching[0], None
        if not readings:
            raise ValueError(_("not a calendar date"))
        if a <= 12 and b <= 12 and a != b:
            return readings[0], _("ambiguous date read month first (as MMP writes dates)")
        return readings[0], None
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if m := pattern.match(text):
            month = MONTHS.get(fold(m["m"]))
            if month is None:
                raise ValueError(_("unknown month name"))
            return _date(int(m["y"]), month, int(m["d"])), None
    raise ValueError(_("expected a date such as 2014-01-06, January 6, 2014 or Thu, 01/06/2014 - 12:00"))


# --- coordinates -------------------------------------------------------------

_NUM = r"[-+\u2212]?(?:\d+(?:[.]\d*)?|[.]\d+)(?:[eE][+-]?\d+)?"
_WKT_POINT = re.compile(rf"^POINT\s*(?:Z\s*|M\s*|ZM\s*)?\(\s*({_NUM})\s+({_NUM})(?:\s+{_NUM}){{0,2}}\s*\)$", re.IGNORECASE)
_PAIR = re.compile(rf"^\(?\s*({_NUM})°?\s*[,;]?\s+?({_NUM})°?\s*\)?$|^\(?\s*({_NUM})°?\s*[,;]\s*({_NUM})°?\s*\)?$")


def parse_coordinates(value: object) -> tuple[float, float, str]:
    """(lat, lon, form) from "lat, lon" or WKT "POINT (lon lat)"; ValueError otherwise."""
    text = str(value).strip()
    if m := _WKT_POINT.match(text):
        lon, lat = parse_float(m[1]), parse_float(m[2])
        return lat, lon, "wkt"
    if m := _PAIR.match(text):
        first, second = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
        return parse_float(first), parse_float(second), "pair"
    raise ValueError(_('expected coordinates as "lat, lon" or POINT (lon lat)'))


def decimals(number: float) -> int:
    """Decimal places a coordinate was given with (as read)."""
    text = repr(float(number))
    if "e" in text:
        return 6
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def decimals_given(raw: object) -> int:
    """Decimal places as written in a cell ("-92.2630" has 4); for typed numbers, as `decimals`."""
    if isinstance(raw, str):
        match = re.search(r"\.(\d+)", raw)
        return len(match[1]) if match else 0
    try:
        return decimals(float(raw))
    except (TypeError, ValueError):
        return 0
