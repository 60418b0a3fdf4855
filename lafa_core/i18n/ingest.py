"""Importing the company's sheets (lafa_core.ingest): the page, the templates' headers and
explanations, the list values, why a row was refused, and the import's summary."""

_SHEETS = {
    "drivers": ("Conductores", "Drivers"), "vehicles": ("Vehículos", "Vehicles"),
    "contracts": ("Contratos", "Contracts"), "payments": ("Pagos", "Payments"),
}

# (field: header es, header en, meaning es, meaning en) per sheet.
_COLUMNS = {
    "drivers": {
        "curp": ("CURP", "CURP", "CURP del conductor (18 caracteres, con dígito verificador). Identifica al conductor: "
                 "si ya existe, su fila se actualiza.", "The driver's CURP (18 characters, with its check digit). It "
                 "identifies the driver: an existing one is updated."),
        "full_name": ("Nombre completo", "Full name", "Nombre y apellidos como en la identificación.",
                      "Given names and surnames as on the ID."),
        "rfc": ("RFC", "RFC", "RFC con homoclave (13 caracteres).", "RFC with its homoclave (13 characters)."),
        "phone": ("Teléfono", "Phone", "Celular a 10 dígitos; se acepta con +52.",
                  "10-digit mobile number; +52 is accepted."),
        "birth_date": ("Fecha de nacimiento", "Birth date", "Si se deja vacía, se toma de la CURP.",
                       "Left blank, it is taken from the CURP."),
        "product": ("Producto", "Product", "DaE (conductor empleado) o LTO (arrendamiento con opción a compra).",
                    "DaE (driver as employee) or LTO (lease to own)."),
        "status": ("Estado", "Status", "Situación del conductor con LAFA.", "The driver's standing with LAFA."),
        "zone": ("Alcaldía", "Borough", "Alcaldía donde vive el conductor.", "The borough the driver lives in."),
        "joined_on": ("Fecha de alta", "Joined on", "Día en que el conductor se dio de alta con LAFA.",
                      "The day the driver joined LAFA."),
        "has_valid_licence": ("Licencia vigente", "Valid licence", "Sí o No; vacío cuenta como Sí.",
                              "Yes or No; blank counts as Yes."),
        "code": ("ID de conductor", "Driver ID", "Clave interna (DRV-000123). Vacía: se asigna la siguiente.",
                 "Internal code (DRV-000123). Blank: the next one is given."),
    },
    "vehicles": {
        "vin": ("VIN", "VIN", "Número de serie de 17 caracteres. Identifica al vehículo: si ya existe, su fila se "
                "actualiza.", "17-character serial number. It identifies the vehicle: an existing one is updated."),
        "oem": ("Marca", "Make", "Fabricante del vehículo.", "The vehicle's maker."),
        "model": ("Modelo", "Model", "Modelo comercial (E10X, Geometry C…).", "Trade model (E10X, Geometry C…)."),
        "plate": ("Placa", "Plate", "Placa de circulación (ABC-123-D).", "Licence plate (ABC-123-D)."),
        "battery_kwh": ("Batería (kWh)", "Battery (kWh)", "Capacidad nominal de la batería.",
                        "The battery's nominal capacity."),
        "status": ("Estado", "Status", "Situación actual del vehículo.", "The vehicle's current state."),
        "depot": ("Depósito", "Depot", "Clave del depósito donde se resguarda (DEP-01); debe existir.",
                  "Code of the depot that keeps it (DEP-01); it must exist."),
        "in_service_on": ("Fecha de alta", "In service on", "Día en que entró en servicio.",
                          "The day it entered service."),
        "acquisition_cost_centavos": ("Costo de adquisición", "Acquisition cost", "Precio pagado, en pesos.",
                                      "Price paid, in pesos."),
        "odometer_km_at_service_start": ("Odómetro inicial (km)", "Starting odometer (km)",
                                         "Kilómetros al entrar en servicio; vacío cuenta como 0.",
                                         "Kilometres when it entered service; blank counts as 0."),
        "retired_on": ("Fecha de baja", "Retired on", "Sólo si ya se dio de baja.", "Only if already retired."),
    },
    "contracts": {
        "code": ("Número de contrato", "Contract number", "Identifica al contrato: si ya existe, sólo cambian su "
                 "estado y sus fechas de fin e incumplimiento.", "It identifies the contract: for an existing one "
                 "only its status and its end and default dates change."),
        "driver": ("ID de conductor", "Driver ID", "Clave del conductor (DRV-000123); debe existir.",
                   "The driver's code (DRV-000123); it must exist."),
        "vin": ("VIN", "VIN", "VIN del vehículo del contrato; debe existir.",
                "VIN of the contract's vehicle; it must exist."),
        "product": ("Producto", "Product", "DaE (empleo) o LTO (arrendamiento).", "DaE (employment) or LTO (lease)."),
        "start_on": ("Fecha de inicio", "Start date", "Primer día del contrato.", "The contract's first day."),
        "term_weeks": ("Plazo (semanas)", "Term (weeks)", "Semanas de pago; vacío en LTO cuenta como 208 (48 meses).",
                       "Weeks of payments; blank on an LTO lease counts as 208 (48 months)."),
        "weekly_rate_centavos": ("Pago semanal", "Weekly payment", "LTO: renta semanal; DaE: sueldo base semanal.",
                                 "LTO: weekly rent; DaE: weekly base wage."),
        "deposit_centavos": ("Enganche", "Deposit", "Pagado al firmar; vacío cuenta como 0.",
                             "Paid at signing; blank counts as 0."),
        "purchase_option_centavos": ("Opción de compra", "Purchase option", "Pago final para quedarse con el auto.",
                                     "Final payment to keep the car."),
        "status": ("Estado", "Status", "Situación del contrato.", "The contract's state."),
        "end_on": ("Fecha de fin", "End date", "Sólo si ya terminó.", "Only if it has ended."),
        "defaulted_on": ("Fecha de incumplimiento", "Default date",
                         "Obligatoria si el estado es «En incumplimiento» (sólo LTO).",
                         "Required when the status is “Defaulted” (LTO only)."),
    },
    "payments": {
        "reference": ("Referencia", "Reference", "Folio del banco o de OXXO. Identifica al pago: uno ya registrado "
                      "no se vuelve a registrar ni se cambia.", "The bank's or OXXO's folio. It identifies the "
                      "payment: one already recorded is neither recorded again nor changed."),
        "contract": ("Número de contrato", "Contract number", "Contrato LTO al que se abona; debe existir.",
                     "The LTO lease it is paid toward; it must exist."),
        "paid_on": ("Fecha de pago", "Payment date", "Día en que se recibió el pago.", "The day it was received."),
        "paid_time": ("Hora de pago", "Payment time", "Hora (24 h); vacía cuenta como 12:00.",
                      "Time (24-hour clock); blank counts as 12:00."),
        "amount_centavos": ("Monto", "Amount", "Pesos recibidos; se abonan a las semanas más antiguas pendientes.",
                            "Pesos received; paid toward the oldest weeks still owed."),
        "method": ("Método", "Method", "Cómo se pagó.", "How it was paid."),
    },
}

_CHOICES = {
    "product": {"DaE": ("DaE", "DaE"), "LTO": ("LTO", "LTO")},
    "driver_status": {"applicant": ("Solicitante", "Applicant"), "active": ("Activo", "Active"),
                      "inactive": ("Inactivo", "Inactive"), "defaulted": ("Moroso", "Defaulted")},
    "vehicle_status": {"available": ("Disponible", "Available"), "assigned": ("Asignado", "Assigned"),
                       "maintenance": ("En taller", "In maintenance"), "recovery": ("En recuperación", "In recovery"),
                       "retired": ("Dado de baja", "Retired")},
    "contract_status": {"active": ("Vigente", "Active"), "completed": ("Concluido", "Completed"),
                        "terminated": ("Rescindido", "Terminated"), "defaulted": ("En incumplimiento", "Defaulted")},
    "method": {"spei": ("SPEI", "SPEI"), "cash_oxxo": ("Efectivo OXXO", "OXXO cash"), "card": ("Tarjeta", "Card"),
               "payroll_deduction": ("Descuento de nómina", "Payroll deduction")},
    "oem": {"Geely": ("Geely", "Geely"), "JAC": ("JAC", "JAC"), "GAC": ("GAC", "GAC")},
    "yes_no": {"yes": ("Sí", "Yes"), "no": ("No", "No")},
}

STRINGS = {
    "ingest.title": ("Importar datos", "Import data"),
    "ingest.caption": ("Conductores, vehículos, contratos y pagos desde las hojas de la empresa: se revisa cada fila "
                       "antes de escribir y se importa todo o nada.",
                       "Drivers, vehicles, contracts and payments from the company's sheets: every row is checked "
                       "before anything is written, and all of it is imported or nothing."),
    "ingest.kind": ("Qué importar", "What to import"),
    "ingest.templates": ("Plantillas", "Templates"),
    "ingest.template.download": ("Plantilla de {sheet} (Excel)", "{sheet} template (Excel)"),
    "ingest.export.download": ("Datos actuales de {sheet} (Excel)", "Current {sheet} data (Excel)"),
    "ingest.upload": ("Archivo lleno (Excel .xlsx o CSV)", "Filled file (Excel .xlsx or CSV)"),
    "ingest.upload.help": ("Usa la plantilla: una fila por registro, con los encabezados de la primera fila.",
                           "Use the template: one row per record, with the headers in the first row."),
    "ingest.check": ("Revisar archivo", "Check file"),
    "ingest.confirm": ("Importar {rows} filas", "Import {rows} rows"),
    "ingest.nothing_to_write": ("No hay nada nuevo que escribir: todo coincide con lo registrado.",
                                "Nothing new to write: everything matches what is recorded."),
    "ingest.problems": ("Problemas por fila", "Problems by row"),
    "ingest.warnings": ("Avisos (se importan, pero vale la pena revisarlos)", "Warnings (imported, but worth a look)"),
    "ingest.download_problems": ("Descargar problemas (Excel)", "Download problems (Excel)"),
    "ingest.refresh_failed": ("Los datos se importaron, pero los indicadores y la cola de cobranza no se pudieron "
                              "recalcular ahora; se recalcularán en la siguiente carga.",
                              "The data was imported, but the KPIs and the collections queue could not be rebuilt "
                              "now; they will be on the next load."),
    "ingest.money_only_finance": ("Contratos y pagos los importa Finanzas.", "Finance imports contracts and payments."),
    "ingest.refused": ("No se importó nada: {problems} problemas en {rows} filas. Corrígelos y vuelve a subir el "
                       "archivo.", "Nothing was imported: {problems} problems in {rows} rows. Fix them and upload "
                       "the file again."),
    "ingest.refused_file": ("No se importó nada: {reason}", "Nothing was imported: {reason}"),
    "ingest.more": (" Y {count} problemas más en los encabezados.", " And {count} more problems in the headers."),
    "ingest.preview_summary": ("Revisión correcta: {read} filas leídas; se crearían {created}, se actualizarían "
                               "{updated}, {unchanged} ya están iguales, {repeated} repetidas en el archivo; "
                               "{warnings} avisos.", "Check passed: {read} rows read; {created} would be created, "
                               "{updated} updated, {unchanged} already identical, {repeated} repeated in the file; "
                               "{warnings} warnings."),
    "ingest.summary": ("Importación terminada: {read} filas leídas; {created} creadas, {updated} actualizadas, "
                       "{unchanged} ya estaban iguales, {repeated} repetidas en el archivo; {warnings} avisos.",
                       "Import done: {read} rows read; {created} created, {updated} updated, {unchanged} already "
                       "identical, {repeated} repeated in the file; {warnings} warnings."),
    # Why a row was refused (the column first, as lafa_core.fields does).
    "ingest.not_a_number": ("{field}: escribe un número (31.4).", "{field}: enter a number (31.4)."),
    "ingest.number_range": ("{field}: debe estar entre {minimum} y {maximum}.",
                            "{field}: must be from {minimum} to {maximum}."),
    "ingest.not_in_list": ("{field}: no es un valor de la lista; usa uno de: {allowed}.",
                           "{field}: not a value of the list; use one of: {allowed}."),
    "ingest.formula": ("{field}: la celda tiene una fórmula; pega el valor (Pegado especial → Valores).",
                       "{field}: the cell holds a formula; paste its value (Paste special → Values)."),
    "ingest.duplicate_in_file": ("{field}: ya aparece con otros datos en la fila {first_row}.",
                                 "{field}: already given with other values in row {first_row}."),
    "ingest.code_taken": ("{field}: «{code}» ya es de otro conductor.", "{field}: “{code}” belongs to another driver."),
    "ingest.future_date": ("{field}: la fecha es posterior a hoy.", "{field}: the date is after today."),
    "ingest.unknown_depot": ("{field}: no hay ningún depósito con la clave «{code}».",
                             "{field}: there is no depot with the code “{code}”."),
    "ingest.plate_taken": ("{field}: la placa {plate} ya es de otro vehículo.",
                           "{field}: the plate {plate} belongs to another vehicle."),
    "ingest.date_before": ("{field}: es anterior a «{other}».", "{field}: is before “{other}”."),
    "ingest.unknown_vehicle": ("{field}: no hay ningún vehículo con el VIN {vin}.",
                               "{field}: there is no vehicle with the VIN {vin}."),
    "ingest.vehicle_taken": ("{field}: el vehículo ya está en el contrato vigente {contract}.",
                             "{field}: the vehicle is already on the active contract {contract}."),
    "ingest.default_needs_lease": ("{field}: sólo un contrato LTO puede quedar en incumplimiento.",
                                   "{field}: only an LTO lease can be in default."),
    "ingest.default_needs_date": ("{field}: es obligatoria cuando el contrato está en incumplimiento.",
                                  "{field}: is required when the contract is in default."),
    "ingest.date_only_when_defaulted": ("{field}: sólo va cuando el estado es «En incumplimiento».",
                                        "{field}: only goes with the status “Defaulted”."),
    "ingest.contract_terms_changed": ("{field}: el contrato {code} ya está registrado con otro valor en: {columns}. "
                                      "Las condiciones de un contrato no se cambian con una importación.",
                                      "{field}: the contract {code} is recorded with another value in: {columns}. "
                                      "A contract's terms are not changed by an import."),
    "ingest.unknown_contract": ("{field}: no hay ningún contrato con el número «{code}».",
                                "{field}: there is no contract numbered “{code}”."),
    "ingest.contract_not_lease": ("{field}: el contrato {code} es DaE; los pagos se registran en contratos LTO.",
                                  "{field}: the contract {code} is DaE; payments are recorded on LTO leases."),
    "ingest.payment_changed": ("{field}: el pago {reference} ya está registrado con otro valor en: {columns}. Un "
                               "pago registrado no se cambia.", "{field}: the payment {reference} is recorded with "
                               "another value in: {columns}. A recorded payment is not changed."),
    "ingest.payment_beyond_schedule": ("{field}: {amount} exceden lo que falta por pagar del contrato; se registran "
                                       "como pago de todos modos.", "{field}: {amount} exceed what the contract "
                                       "still owes; recorded as paid anyway."),
    "ingest.changed_meanwhile": ("Alguien importó los mismos registros mientras tanto: no se guardó nada de este "
                                 "archivo. Vuelve a revisarlo.", "Someone imported the same records meanwhile: "
                                 "nothing of this file was kept. Check it again."),
    "ingest.ignored_column": ("{field}: columna que no es de la plantilla; no se lee.",
                              "{field}: not a column of the template; not read."),
    "ingest.unreadable": ("El archivo no es una hoja de cálculo: súbelo como Excel (.xlsx) o CSV.",
                          "The file is not a spreadsheet: upload it as Excel (.xlsx) or CSV."),
    # The template workbook.
    "ingest.template.instructions": ("Instrucciones", "Instructions"),
    "ingest.template.intro": ("Llena la hoja «{sheet}»: una fila por registro, a partir de la fila 2. La fila 2 es un "
                              "ejemplo: reemplázala. No cambies los encabezados.",
                              "Fill the “{sheet}” sheet: one row per record, from row 2. Row 2 is an example: "
                              "replace it. Do not change the headers."),
    "ingest.template.column": ("Columna", "Column"),
    "ingest.template.meaning": ("Qué es", "Meaning"),
    "ingest.template.format": ("Formato", "Format"),
    "ingest.template.required": ("Obligatoria", "Required"),
    "ingest.template.example": ("Ejemplo", "Example"),
    "ingest.template.yes": ("Sí", "Yes"),
    "ingest.template.no": ("No", "No"),
    "ingest.template.invalid_title": ("Valor no válido", "Invalid value"),
    "ingest.template.invalid": ("Revisa el formato en la hoja «{sheet}».", "Check the format on the “{sheet}” sheet."),
    "ingest.format.text": ("Texto", "Text"),
    "ingest.format.date": ("Fecha dd/mm/aaaa", "Date dd/mm/yyyy"),
    "ingest.format.time": ("Hora HH:MM (24 h)", "Time HH:MM (24-hour)"),
    "ingest.format.whole": ("Número entero de {minimum} a {maximum}", "Whole number from {minimum} to {maximum}"),
    "ingest.format.decimal": ("Número de {minimum} a {maximum}", "Number from {minimum} to {maximum}"),
    "ingest.format.pesos": ("Pesos con centavos (1,234.50)", "Pesos with centavos (1,234.50)"),
    "ingest.format.list": ("Uno de: {allowed}", "One of: {allowed}"),
    "ingest.problems.sheet": ("Problemas", "Problems"),
    # The audit trail.
    "audit.action.ingest.imported": ("Hoja importada", "Sheet imported"),
    "audit.action.ingest.exported": ("Hoja de datos descargada", "Data sheet downloaded"),
    "audit.action.ingest.contract_changed": ("Estado de contrato cambiado por importación",
                                             "Contract status changed by an import"),
    "audit.action.ingest.installments_paid": ("Semanas abonadas por pagos importados",
                                              "Installments paid by imported payments"),
}

for _kind, (_es, _en) in _SHEETS.items():
    STRINGS[f"ingest.sheet.{_kind}"] = (_es, _en)
    STRINGS[f"ingest.kind.{_kind}"] = (_es, _en)
for _kind, _columns in _COLUMNS.items():
    for _name, (_h_es, _h_en, _m_es, _m_en) in _columns.items():
        STRINGS[f"ingest.{_kind}.{_name}"] = (_h_es, _h_en)
        STRINGS[f"ingest.{_kind}.{_name}.help"] = (_m_es, _m_en)
for _group, _codes in _CHOICES.items():
    for _code, _texts in _codes.items():
        STRINGS[f"ingest.choice.{_group}.{_code}"] = _texts
