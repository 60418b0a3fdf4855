"""Fast loading of generated rows: executemany on SQLite, COPY on PostgreSQL.

Frames arrive with explicit ids. Column kinds are read from the table so dates,
aware timestamps (datetime64 UTC) and booleans are written the way each engine
stores them through the ORM.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Connection, Date, Float, Integer, Table

from lafa_core.types import AwareDateTime


def _timestamps_as_text(values: pd.Series) -> np.ndarray:
    """UTC datetime64 → 'YYYY-MM-DD HH:MM:SS.ffffff', exactly the ORM's SQLite storage format,
    so text comparisons in SQL order generated and app-written times alike."""
    as_utc = pd.to_datetime(values, utc=True).dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    text = np.datetime_as_string(as_utc, unit="us").astype(object)
    text = np.array([s.replace("T", " ") for s in text], dtype=object)
    text[pd.isna(values).to_numpy()] = None
    return text


def _dates_as_text(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(values):
        text = np.datetime_as_string(values.to_numpy().astype("datetime64[D]"), unit="D").astype(object)
        text[pd.isna(values).to_numpy()] = None
        return text
    return np.array([None if v is None or v is pd.NaT else str(v) for v in values], dtype=object)


class BulkWriter:
    def __init__(self, connection: Connection):
        self.connection = connection
        self.dialect = connection.dialect.name

    def write(self, table: Table, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        columns = list(frame.columns)
        prepared = {}
        for name in columns:
            column_type = table.c[name].type
            values = frame[name]
            if isinstance(column_type, AwareDateTime):
                text = _timestamps_as_text(values)
                if self.dialect != "sqlite":
                    text = np.array([None if v is None else v + "+00" for v in text], dtype=object)
                prepared[name] = text
            elif isinstance(column_type, Date):
                prepared[name] = _dates_as_text(values)
            elif isinstance(column_type, Integer) and values.dtype.kind in "fO":
                # Nullable integers arrive as float/object: NULL stays NULL, centavos stay integers.
                prepared[name] = np.array([None if pd.isna(v) else int(v) for v in values], dtype=object)
            elif isinstance(column_type, Float) and values.isna().any():
                prepared[name] = np.array([None if pd.isna(v) else float(v) for v in values], dtype=object)
            elif isinstance(column_type, Boolean):
                prepared[name] = values.astype(bool).astype(int if self.dialect == "sqlite" else bool).to_numpy()
            else:
                prepared[name] = values.to_numpy(dtype=object) if values.dtype == object else values.to_numpy()
        if self.dialect == "sqlite":
            self._sqlite(table.name, columns, prepared)
        else:
            self._postgres_copy(table.name, columns, prepared)

    def _sqlite(self, table_name: str, columns: list[str], prepared: dict) -> None:
        placeholders = ",".join("?" for _ in columns)
        sql = f'INSERT INTO {table_name} ({",".join(columns)}) VALUES ({placeholders})'
        rows = zip(*(prepared[c].tolist() for c in columns))
        self.connection.connection.driver_connection.executemany(sql, rows)

    def _postgres_copy(self, table_name: str, columns: list[str], prepared: dict) -> None:
        frame = pd.DataFrame({c: prepared[c] for c in columns})
        buffer = io.StringIO()
        frame.to_csv(buffer, sep="\t", header=False, index=False, na_rep="\\N")
        cursor = self.connection.connection.driver_connection.cursor()
        # CSV flavour of COPY: pandas quotes text that holds quotes or tabs (JSON details, names).
        options = "WITH (FORMAT csv, DELIMITER E'\\t', NULL '\\N')"
        with cursor.copy(f'COPY {table_name} ({",".join(columns)}) FROM STDIN {options}') as copy:
            copy.write(buffer.getvalue())

    def commit(self) -> None:
        # Rows went through the driver connection, outside SQLAlchemy's transaction.
        self.connection.connection.driver_connection.commit()

    def reset_sequences(self, tables: list[Table]) -> None:
        """Explicit ids bypass PostgreSQL sequences; move them past the loaded rows."""
        if self.dialect != "postgresql":
            return
        cursor = self.connection.connection.driver_connection.cursor()
        for table in tables:
            if "id" in table.c and table.c.id.primary_key:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
