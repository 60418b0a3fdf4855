"""Reading an uploaded spreadsheet, and what an import reports back.

`read_sheet(data, columns)` takes the bytes of a CSV (UTF-8 with or without BOM, else Windows-1252;
comma, or semicolon/tab when the header line says so) or an Excel .xlsx (its first sheet), finds the
expected columns in the header row however they are capitalized, accented or spaced, and returns the
non-blank rows as dicts keyed by the expected column names, each with its row number as Excel shows
it (the header is row 1 when it is the first row, so the first data row is 2; a title above the
header is passed over). A file that cannot be read, or lacks a required column, raises `SheetError`
carrying `RowProblem`s, never a traceback.

An import validates every row before writing anything; its `ImportReport` lists the problems (then
nothing was written) and the warnings (written, worth a look), and gives both as a CSV Excel opens.
"""
from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field as dataclass_field
from datetime import date, datetime, time
from typing import Callable, Iterator, NamedTuple, Sequence

from lafa_core.bounds import InvalidInput
from lafa_core.errors import LocalizedError
from lafa_core.excel import safe_text  # `=…`, `+…`, `-…`, `@…` get a leading apostrophe: text, never a formula

MAX_ROWS = 500_000  # a week of DiDi trips for a large fleet is ~100,000; far above it is a wrong file
HEADER_SEARCH_ROWS = 10  # non-blank rows searched for the header (titles may sit above it)
MAX_SHOWN_VALUE = 200  # characters of a refused value shown back (the file itself is never changed)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)


# --- Problems and warnings -----------------------------------------------------------------------

@dataclass(frozen=True)
class RowNote:
    """Something about one cell: `row` as Excel shows it (0: the file as a whole), the `column` as
    written in the file's header, the `value` as read, and the translated reason `t(key, **values)`."""

    row: int
    column: str
    value: str
    key: str
    values: dict = dataclass_field(default_factory=dict, hash=False)

    def text(self, lang: str = "es") -> str:
        from lafa_core.i18n import t

        return t(self.key, lang, **self.values)

    @classmethod
    def from_error(cls, row: int, column: str, value, error: InvalidInput):
        return cls(row, column, shown(value), error.key, dict(error.values))


class RowProblem(RowNote):
    """A reason the file was refused: while there is one, nothing is written."""


class RowWarning(RowNote):
    """A row written as it is, but worth a look (a trip outside every shift)."""


class SheetError(LocalizedError, ValueError):
    """The file cannot be read as the expected sheet (format, encoding, headers)."""

    def __init__(self, problems: list[RowProblem]):
        first = problems[0]
        super().__init__(first.text("en"), key=first.key, **first.values)
        self.problems = problems


def _file_problem(key: str, **values) -> SheetError:
    return SheetError([RowProblem(0, "", "", key, values)])


def shown(value) -> str:
    """A cell as people read it: dates dd/mm/yyyy, whole numbers without `.0`, long text shortened."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y %H:%M:%S")
    elif isinstance(value, date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, time):
        text = value.strftime("%H:%M:%S") if value.second else value.strftime("%H:%M")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[:MAX_SHOWN_VALUE] + "…"


def notes_csv(notes: Sequence[RowNote], lang: str = "es") -> bytes:
    """Fila, Columna, Valor, Motivo: UTF-8 with a BOM, so Excel shows the accents."""
    from lafa_core.i18n import t

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(f"import.col.{name}", lang) for name in ("row", "column", "value", "reason")])
    for note in notes:
        writer.writerow([note.row or "", safe_text(note.column), safe_text(note.value), safe_text(note.text(lang))])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass
class ImportReport:
    """What an import did. With any `problems`, nothing was written (`written` is 0)."""

    kind: str  # "didi_trips" / "checkins"
    filename: str
    read: int = 0  # data rows read (blank rows are not counted)
    written: int = 0
    skipped_identical: int = 0  # identical to what was already imported
    skipped_repeated: int = 0  # identical to an earlier row of the same file
    shifts_updated: int = 0  # shifts whose trip totals grew (DiDi import)
    weeks: list[date] = dataclass_field(default_factory=list)  # payroll weeks touched (Mondays)
    problems: list[RowProblem] = dataclass_field(default_factory=list)
    warnings: list[RowWarning] = dataclass_field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def skipped(self) -> int:
        return self.skipped_identical + self.skipped_repeated

    def summary(self, lang: str = "es") -> str:
        from lafa_core.i18n import t

        if self.problems:
            return t("import.refused", lang, count=len(self.problems))
        return t("import.summary", lang, read=self.read, written=self.written, skipped=self.skipped,
                 warnings=len(self.warnings))

    def problems_csv(self, lang: str = "es") -> bytes:
        return notes_csv(self.problems, lang)

    def warnings_csv(self, lang: str = "es") -> bytes:
        return notes_csv(self.warnings, lang)


# --- Cell parsing ----------------------------------------------------------------------------------

def cached_field(function: Callable, field: str, **options) -> Callable:
    """`function(value, field, **options)` (a lafa_core.fields parser) remembered per distinct value:
    returns the parsed value, or the `InvalidInput` it raised (returned, not raised). A week of trips
    repeats the same dates and times thousands of times."""
    cache: dict = {}

    def parse(value):
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell: parse it every time
            return _parse(function, value, field, options)
        result = cache[value] = _parse(function, value, field, options)
        return result

    return parse


def _parse(function, value, field, options):
    try:
        return function(value, field, **options)
    except InvalidInput as error:
        return error


# --- Reading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """An expected column: its name as the file spec writes it, other names accepted for it."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True


class SheetRow(NamedTuple):
    number: int  # as Excel shows it
    values: dict  # expected column name → the cell (text from a CSV; text, number, date… from .xlsx)


@dataclass(frozen=True)
class Sheet:
    headers: dict[str, str]  # expected column name → the header as written in the file
    header_row: int
    rows: list[SheetRow]
    ignored: tuple[str, ...] = ()  # headers of the file's other columns, as written (not read)


def header_key(text) -> str:
    """How headers compare: no case, accents, spaces, dashes, dots or underscores ("Check-in" = "CHECK IN")."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return "".join(ch for ch in plain if ch.isalnum())


def decode_text(data: bytes) -> str:
    """UTF-16 when it starts with its BOM; else UTF-8 (BOM optional), strictly; else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _file_problem("import.encoding") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        raise _file_problem("import.encoding") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_records(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, cells in enumerate(reader, start=1):
            if "".join(cells).strip():
                yield number, cells
    except csv.Error:
        raise _file_problem("import.unreadable_file") from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_records(data: bytes, sheet_names: Sequence[str] = ()) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise _file_problem("import.unreadable_file") from None
    try:
        wanted = {header_key(name) for name in sheet_names}
        named = [ws for ws in workbook.worksheets if header_key(ws.title) in wanted]
        sheet = named[0] if named else workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise _file_problem("import.unreadable_file")
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if not all(_blank(cell) for cell in cells):
                yield number, cells
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _file_problem("import.unreadable_file") from None
    finally:
        workbook.close()


def _records(data: bytes, filename: str, sheet_names: Sequence[str] = ()) -> Iterator[tuple[int, Sequence]]:
    if not data.strip():
        raise _file_problem("import.empty_file")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_records(data, sheet_names)
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise _file_problem("import.xls_unsupported")
    return _csv_records(data)


def _match_header(number: int, cells: Sequence, columns: Sequence[Column]):
    """(expected column name → (its index in the row, its header as written), problems of a column
    given twice, problems of a required column missing)."""
    wanted = {}
    for column in columns:
        for name in (column.name, *column.aliases):
            wanted[header_key(name)] = column.name
    found: dict[str, tuple[int, str]] = {}
    duplicates = []
    for index, cell in enumerate(cells):
        if _blank(cell):
            continue
        name = wanted.get(header_key(cell))
        if name is None:
            continue
        if name in found:
            duplicates.append(RowProblem(number, str(cell).strip(), "", "import.duplicate_column",
                                         {"column": str(cell).strip()}))
            continue
        found[name] = (index, str(cell).strip())
    written = [str(c).strip() for c in cells if not _blank(c)]
    listed = ", ".join(written[:12]) + (", …" if len(written) > 12 else "")
    missing = [RowProblem(number, column.name, "", "import.missing_column",
                          {"column": column.name, "found": listed or "—"})
               for column in columns if column.required and column.name not in found]
    return found, duplicates, missing


def _header(records, columns: Sequence[Column]) -> tuple[int, dict[str, tuple[int, str]], Sequence]:
    """The header row: the first of the first rows holding every required column (a title above the
    headers is common). When none does, the problems are those of the row that came closest."""
    closest = None
    for _ in range(HEADER_SEARCH_ROWS):
        record = next(records, None)
        if record is None:
            break
        number, cells = record
        found, duplicates, missing = _match_header(number, cells, columns)
        if not missing:
            if duplicates:
                raise SheetError(duplicates)
            return number, found, cells
        if closest is None or len(found) > closest[0]:
            closest = (len(found), duplicates + missing)
    if closest is None:
        raise _file_problem("import.empty_file")
    raise SheetError(sorted(closest[1], key=lambda p: p.key != "import.duplicate_column"))


def read_sheet(data: bytes, columns: Sequence[Column], *, filename: str = "", max_rows: int = MAX_ROWS,
               sheet_names: Sequence[str] = ()) -> Sheet:
    """The file's rows keyed by the expected column names (see the module's docstring). Columns the
    file has beyond those are not read (`Sheet.ignored` names them); a missing optional column reads
    as None. In a workbook, the first sheet named one of `sheet_names` is read, else the first sheet."""
    records = _records(data, filename, sheet_names)
    header_row, found, header_cells = _header(records, columns)
    places = [(name, index) for name, (index, _) in found.items()]
    absent = [c.name for c in columns if c.name not in found]
    rows = []
    for number, cells in records:
        if len(rows) >= max_rows:
            raise _file_problem("import.too_many_rows", maximum=max_rows)
        width = len(cells)
        values = {name: cells[index] if index < width else None for name, index in places}
        for name in absent:
            values[name] = None
        rows.append(SheetRow(number, values))
    if not rows:
        raise _file_problem("import.no_rows")
    read = {index for index, _ in found.values()}
    ignored = tuple(str(cell).strip() for index, cell in enumerate(header_cells)
                    if index not in read and not _blank(cell))
    return Sheet(headers={name: written for name, (_, written) in found.items()}, header_row=header_row, rows=rows,
                 ignored=ignored)
