"""Imported spreadsheets (lafa_core.imports): why a row was refused or what to check, the problems
list's columns, and the import's summary. Row messages name the column first, as lafa_core.fields does."""

STRINGS = {
    # The downloadable list of problems (and of warnings).
    "import.col.row": ("Fila", "Row"),
    "import.col.column": ("Columna", "Column"),
    "import.col.value": ("Valor", "Value"),
    "import.col.reason": ("Motivo", "Reason"),
    # The file as a whole.
    "import.unreadable_file": ("No se pudo leer el archivo: guárdalo como Excel (.xlsx) o CSV y vuelve a subirlo.",
                               "The file could not be read: save it as Excel (.xlsx) or CSV and upload it again."),
    "import.xls_unsupported": ("El formato .xls (Excel 97-2003) no se admite: guárdalo como .xlsx o CSV.",
                               "The .xls format (Excel 97-2003) is not supported: save it as .xlsx or CSV."),
    "import.encoding": ("El archivo no está en UTF-8 ni en Windows-1252: guárdalo como «CSV UTF-8».",
                        "The file is neither UTF-8 nor Windows-1252: save it as “CSV UTF-8”."),
    "import.empty_file": ("El archivo está vacío: no tiene encabezados ni filas.",
                          "The file is empty: it has no headers and no rows."),
    "import.no_rows": ("El archivo sólo tiene encabezados: no hay filas que importar.",
                       "The file has headers only: there are no rows to import."),
    "import.too_many_rows": ("El archivo tiene más de {maximum:,} filas: divídelo en varios archivos.",
                             "The file has more than {maximum:,} rows: split it into several files."),
    "import.missing_column": ("Falta la columna «{column}» en la fila de encabezados (se leyeron: {found}).",
                              "The column “{column}” is missing from the header row (found: {found})."),
    "import.duplicate_column": ("La columna «{column}» aparece dos veces en la fila de encabezados.",
                                "The column “{column}” appears twice in the header row."),
    # A row.
    "import.unknown_driver": ("{field}: no hay ningún conductor con el ID «{code}».",
                              "{field}: there is no driver with the ID “{code}”."),
    "import.id_too_long": ("{field}: a lo más {maximum} caracteres; este tiene {length}.",
                           "{field}: at most {maximum} characters; this one has {length}."),
    "import.trip_conflict_in_file": (
        "{field}: el viaje {code} ya aparece en la fila {first_row} con otros datos ({columns}).",
        "{field}: trip {code} already appears on row {first_row} with other values ({columns}).",
    ),
    "import.trip_conflict_existing": (
        "{field}: el viaje {code} ya se importó con otros datos ({columns}); revisa cuál es el correcto.",
        "{field}: trip {code} was already imported with other values ({columns}); check which one is right.",
    ),
    "import.trip_outside_shift": (
        "{field}: el viaje {code} ({start}) no cae en ningún turno del conductor; se importó sin turno ni vehículo.",
        "{field}: trip {code} ({start}) falls in none of the driver's shifts; imported without shift or vehicle.",
    ),
    "import.shift_zero_length": ("{field}: la salida es igual a la entrada; el turno no dura nada.",
                                 "{field}: check-out equals check-in; the shift lasts nothing."),
    "import.shift_too_long": ("{field}: el turno dura {hours} h; a lo más {maximum} h.",
                              "{field}: the shift lasts {hours} h; at most {maximum} h."),
    "import.shift_overlaps_row": ("{field}: el turno se encima con el de la fila {other_row} del mismo conductor.",
                                  "{field}: the shift overlaps the one on row {other_row} for the same driver."),
    "import.shift_overlaps_existing": (
        "{field}: el turno se encima con otro ya registrado del conductor ({start} a {end}).",
        "{field}: the shift overlaps one already recorded for the driver ({start} to {end}).",
    ),
    "import.week_closed": (
        "{field}: la semana de nómina del {week} ya está cerrada y pagada; para agregarle registros hay que "
        "reabrirla.",
        "{field}: the payroll week of {week} is already closed and paid; reopen it to add records to it.",
    ),
    # The outcome.
    "import.summary": ("Filas leídas: {read:,}; importadas: {written:,}; ya estaban: {skipped:,}; "
                       "avisos: {warnings:,}.",
                       "Rows read: {read:,}; imported: {written:,}; already there: {skipped:,}; "
                       "warnings: {warnings:,}."),
    "import.refused": ("No se importó nada: {problems:,} problemas en el archivo. Corrígelos y vuelve a subirlo.",
                       "Nothing was imported: {problems:,} problems in the file. Fix them and upload it again."),
}
