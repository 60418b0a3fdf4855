"""Training tables from CSV files as people save them: UTF-8 (with or without a byte-order mark),
UTF-16 with a byte-order mark, or Windows-1252 (Excel on Windows "CSV"); columns separated by
commas, semicolons, tabs or pipes (a semicolon file may write decimals with a comma). A file
whose encoding or separator cannot be determined is refused with a TrainingDataError naming the
problem and the row (rows counted as in the other training errors: the header, then row 1, 2 …).
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import pandas as pd

from lafa_core.credit.model import TrainingDataError

SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _row_label(line: int) -> str:
    """A 0-based line of the file as the messages count rows: the header, then row 1, 2 …"""
    return "the header row" if line == 0 else f"row {line}"


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position)


def _refuse(message: str, key: str, line: int, **values) -> TrainingDataError:
    return TrainingDataError(message, key=key, row=line, where=_row_label(line), **values)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                line = _line_of(data, exc.start)
                raise _refuse(f"cannot read {name}: it starts as {encoding} text but {_row_label(line)} is not "
                              f"(byte 0x{data[exc.start]:02x}); save it again as CSV UTF-8",
                              "credit.error.csv_encoding", line, file=name, byte=f"0x{data[exc.start]:02x}") from None
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise _refuse(f"cannot read {name}: {_row_label(line)} holds a NUL byte, so its encoding cannot be "
                      "determined (a binary file, or UTF-16 without a byte-order mark); save it as CSV UTF-8",
                      "credit.error.csv_encoding", line, file=name, byte="0x00")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    # Not UTF-8. Windows-1252 (Excel on Windows) unless the file also holds valid UTF-8 accents:
    # then it mixes two encodings and no single reading is right.
    mixed = re.search(rb"[\xc2-\xf4][\x80-\xbf]{1,3}", data[:first_bad])
    if mixed is not None:
        line = _line_of(data, first_bad)
        raise _refuse(f"cannot read {name}: it mixes encodings (UTF-8 accents before {_row_label(line)}, whose byte "
                      f"0x{data[first_bad]:02x} is not UTF-8); save the whole file again as CSV UTF-8",
                      "credit.error.csv_encoding", line, file=name, byte=f"0x{data[first_bad]:02x}")
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise _refuse(f"cannot read {name}: {_row_label(line)} holds byte 0x{data[exc.start]:02x}, which is neither "
                      "UTF-8 nor Windows-1252, so the encoding cannot be determined; save it as CSV UTF-8",
                      "credit.error.csv_encoding", line, file=name, byte=f"0x{data[exc.start]:02x}") from None


def _rows(text: str, separator: str) -> list[tuple[int, int]]:
    """(0-based line where the record starts, number of fields) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    found, start = [], 0
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                found.append((start, len(record)))
            start = reader.line_num
    except csv.Error:
        found.append((start, -1))  # a malformed or unclosed quote: this separator cannot read the file
    return found


def separator_of(text: str, name: str) -> str:
    """The one separator under which every row has the header's number of columns."""
    if not text.strip():
        raise TrainingDataError(f"cannot read {name}: the file is empty", key="credit.error.csv_empty", file=name)
    consistent, best = [], None
    for separator in SEPARATORS:
        rows = _rows(text, separator)
        header = rows[0][1]
        if header < 2:
            continue
        wrong = [(line, count) for line, count in rows[1:] if count != header]
        if not wrong:
            consistent.append((header, separator))
        elif best is None or len(wrong) < best[1]:
            best = (separator, len(wrong), header, wrong[0])
    if consistent:
        return max(consistent, key=lambda hs: (hs[0], -SEPARATORS.index(hs[1])))[1]
    if best is None:
        raise _refuse(f"cannot read {name}: the separator cannot be determined — the header row has no comma, "
                      "semicolon, tab or pipe between column names", "credit.error.csv_no_separator", 0, file=name)
    separator, _, header, (line, count) = best
    shown = "a malformed or unclosed quote" if count < 0 else f"{count} fields"
    raise _refuse(f"cannot read {name}: the separator cannot be determined — with the {SEPARATOR_NAMES[separator]} "
                  f"the header has {header} columns but {_row_label(line)} has {shown}",
                  "credit.error.csv_separator", line, file=name, separator=SEPARATOR_NAMES[separator],
                  columns=header, fields=shown)


def _decimal_of(text: str, separator: str) -> str:
    if separator == ",":
        return "."
    cells = [cell.strip() for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator)
             for cell in record]
    comma = sum(1 for c in cells if _COMMA_DECIMAL.match(c))
    dot = sum(1 for c in cells if _DOT_DECIMAL.match(c))
    return "," if comma and not dot else "."


def read_training_csv(path: str | Path) -> pd.DataFrame:
    """The training table in `path`; TrainingDataError naming the problem (and the row) otherwise."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TrainingDataError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, _ = decode(data, name)
    separator = separator_of(text, name)
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, decimal=_decimal_of(text, separator))
    except (ValueError, csv.Error) as exc:
        raise TrainingDataError(f"cannot read {name}: {exc}") from exc
