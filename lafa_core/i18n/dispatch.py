"""Shift dispatch page (P0.4): the board of tomorrow's shifts, confirmations, check-in and check-out."""

STRINGS = {
    "dispatch.title": ("Despacho de turnos DaE", "DaE shift dispatch"),
    "dispatch.caption": (
        "Los turnos de mañana por depósito: conductores disponibles, vehículos con al menos la meta de carga al "
        "inicio del turno según el plan de carga de la noche, una asignación sugerida que puedes cambiar, los "
        "conflictos y la confirmación; abajo, la entrada y salida de hoy, que alimentan las horas de la nómina.",
        "Tomorrow's shifts per depot: available drivers, vehicles at or above the charge target at the shift's "
        "start per the night's charging plan, a suggested assignment you can change, the conflicts and the "
        "confirmation; below, today's check-in and check-out, which feed payroll hours.",
    ),
    "dispatch.failed": ("No se pudo leer el despacho ({error}). Intenta de nuevo en un momento.",
                        "The dispatch board could not be read ({error}). Try again in a moment."),
    "dispatch.no_depots": ("No hay depósitos registrados.", "No depots on record."),
    "dispatch.depot": ("Depósito", "Depot"),
    "dispatch.day": ("Día del turno", "Shift day"),
    "dispatch.context": (
        "{depot} ({zone}) · turno del {day} de {start} a {end} · listo: {target} de carga o más al inicio, según "
        "el plan de carga de la noche del {evening}",
        "{depot} ({zone}) · shift of {day} from {start} to {end} · ready: {target} charge or more at the start, "
        "per the charging plan of the night of {evening}",
    ),
    "dispatch.soc_assumed": (
        "{count} vehículos sin lectura de telemetría reciente: el plan de carga supuso su carga de llegada.",
        "{count} vehicles without a recent telemetry reading: the charging plan assumed their arrival charge.",
    ),
    "dispatch.next_day": ("{time} (+1 día)", "{time} (+1 day)"),
    "dispatch.day_before": ("{time} (día anterior)", "{time} (day before)"),
    # metrics
    "dispatch.metric.drivers": ("Conductores disponibles", "Drivers available"),
    "dispatch.metric.drivers_help": (
        "Conductores DaE con empleo vigente ese día, cuyo vehículo es de este depósito, sin otro turno a esa hora "
        "(de {total} del depósito).",
        "DaE drivers employed that day whose vehicle belongs to this depot, without another shift at that time "
        "(of {total} at the depot).",
    ),
    "dispatch.metric.ready": ("Vehículos listos", "Vehicles ready"),
    "dispatch.metric.ready_help": (
        "Fuera del taller, con póliza de seguro vigente, libres y con {target} de carga o más al inicio (de {total} "
        "del depósito).",
        "Out of the workshop, insured, free and at {target} charge or more at the start (of {total} at the depot).",
    ),
    "dispatch.metric.pairs": ("Pares sugeridos", "Suggested pairs"),
    "dispatch.metric.pairs_help": (
        "Primero cada conductor con su propio vehículo si está listo; luego los que viven en la zona del depósito, "
        "con los vehículos más cargados.",
        "First each driver with their own vehicle when it is ready; then those living in the depot's zone, with "
        "the fullest vehicles.",
    ),
    "dispatch.metric.waiting": ("Sin vehículo listo", "Without a ready vehicle"),
    "dispatch.metric.waiting_help": ("Conductores disponibles que esperan un vehículo listo.",
                                     "Available drivers waiting for a ready vehicle."),
    "dispatch.metric.confirmed": ("Turnos confirmados", "Shifts confirmed"),
    "dispatch.metric.confirmed_help": ("Turnos de ese día en este depósito ya confirmados o en curso.",
                                       "Shifts of that day at this depot already confirmed or under way."),
    # tables
    "dispatch.assignment": ("Asignación sugerida (puedes cambiar vehículo y horario)",
                            "Suggested assignment (you can change vehicle and times)"),
    "dispatch.vehicles": ("Vehículos del depósito", "The depot's vehicles"),
    "dispatch.shifts": ("Turnos confirmados del {day}", "Shifts confirmed for {day}"),
    "dispatch.today": ("Hoy, {day}: entrada y salida", "Today, {day}: check-in and check-out"),
    "dispatch.no_shifts": ("No hay turnos registrados.", "No shifts on record."),
    "dispatch.col.driver": ("Conductor", "Driver"),
    "dispatch.col.zone": ("Zona", "Zone"),
    "dispatch.col.vehicle": ("Vehículo", "Vehicle"),
    "dispatch.col.starts": ("Entrada", "Start"),
    "dispatch.col.ends": ("Salida", "End"),
    "dispatch.col.plate": ("Placa", "Plate"),
    "dispatch.col.model": ("Modelo", "Model"),
    "dispatch.col.soc_at_start": ("Carga al inicio", "Charge at start"),
    "dispatch.col.state": ("Estado", "State"),
    "dispatch.col.status": ("Estado", "Status"),
    "dispatch.no_vehicle": ("— sin vehículo —", "— no vehicle —"),
    "dispatch.another_driver": ("otro conductor", "another driver"),
    "dispatch.state.ready": ("Listo", "Ready"),
    "dispatch.state.workshop": ("En taller", "In the workshop"),
    "dispatch.state.uninsured": ("Sin póliza de seguro vigente", "No insurance policy in force"),
    "dispatch.state.busy": ("En otro turno", "On another shift"),
    "dispatch.state.not_planned": ("No duerme en el depósito (sin plan de carga)",
                                   "Not sleeping at the depot (no charging plan)"),
    "dispatch.state.low": ("Carga por debajo de la meta", "Charge below the target"),
    "dispatch.status.confirmed": ("Confirmado", "Confirmed"),
    "dispatch.status.checked_in": ("En turno desde las {time}", "On shift since {time}"),
    "dispatch.status.worked": ("Trabajado", "Worked"),
    "dispatch.status.recorded": ("Registrado (hoja o historial)", "Recorded (sheet or history)"),
    # conflicts
    "dispatch.conflicts": ("{count} conflictos: corrígelos antes de confirmar.",
                           "{count} conflicts: fix them before confirming."),
    "dispatch.no_conflicts": ("Sin conflictos.", "No conflicts."),
    "dispatch.conflict.driver_overlap": (
        "{driver} ya tiene un turno de {other_start} a {other_end} que se cruza con {start}–{end}.",
        "{driver} already has a shift from {other_start} to {other_end} overlapping {start}–{end}.",
    ),
    "dispatch.conflict.driver_overlap_row": (
        "{driver} aparece en dos turnos que se cruzan: {other_start}–{other_end} y {start}–{end}.",
        "{driver} is in two overlapping shifts: {other_start}–{other_end} and {start}–{end}.",
    ),
    "dispatch.conflict.vehicle_overlap": (
        "{plate} ya está en un turno de {other_start} a {other_end} ({other_driver}) que se cruza con {start}–{end}.",
        "{plate} is already on a shift from {other_start} to {other_end} ({other_driver}) overlapping {start}–{end}.",
    ),
    "dispatch.conflict.vehicle_overlap_row": (
        "{plate} está asignado a {other_driver} ({other_start}–{other_end}) y a {driver} ({start}–{end}) a la vez.",
        "{plate} is assigned to {other_driver} ({other_start}–{other_end}) and to {driver} ({start}–{end}) at once.",
    ),
    "dispatch.conflict.maintenance": ("{plate} ({driver}) está en el taller el {day}.",
                                      "{plate} ({driver}) is in the workshop on {day}."),
    "dispatch.conflict.no_insurance": ("{plate} ({driver}) no tiene póliza de seguro vigente el {day}.",
                                       "{plate} ({driver}) has no insurance policy in force on {day}."),
    "dispatch.conflict.bad_times": ("{driver}: la salida ({end}) debe ser después de la entrada ({start}).",
                                    "{driver}: the end ({end}) must come after the start ({start})."),
    "dispatch.low_charge": ("Por debajo de la meta de carga al inicio: {plates}.",
                            "Below the charge target at the start: {plates}."),
    # actions
    "dispatch.confirm": ("Confirmar {count} turnos", "Confirm {count} shifts"),
    "dispatch.confirmed": ("{count} turnos confirmados.", "{count} shifts confirmed."),
    "dispatch.read_only": ("Solo operaciones de flota confirma turnos y registra entradas y salidas.",
                           "Only fleet operations confirm shifts and record check-ins and check-outs."),
    "dispatch.pick_shift": ("Turno", "Shift"),
    "dispatch.check_in": ("Registrar entrada", "Check in"),
    "dispatch.check_out": ("Registrar salida", "Check out"),
    "dispatch.checked_in": ("Entrada registrada a las {time}.", "Checked in at {time}."),
    "dispatch.checked_out": ("Salida registrada: {minutes} minutos trabajados para la nómina.",
                             "Checked out: {minutes} minutes worked for payroll."),
    "dispatch.nothing_open": ("No hay turnos de hoy por abrir o cerrar.", "No shifts today to check in or out."),
    # errors
    "dispatch.error.unknown_depot": ("El depósito {depot} no existe.", "Depot {depot} does not exist."),
    "dispatch.error.nothing": ("No hay turnos con vehículo para confirmar.", "No shifts with a vehicle to confirm."),
    "dispatch.error.too_many": ("Se pueden confirmar a lo más {maximum} turnos a la vez.",
                                "At most {maximum} shifts can be confirmed at once."),
    "dispatch.error.no_vehicle": ("{count} turnos no tienen vehículo.", "{count} shifts have no vehicle."),
    "dispatch.error.not_employed": ("{count} conductores no tienen empleo DaE vigente ese día.",
                                    "{count} drivers have no DaE employment that day."),
    "dispatch.error.conflicts": ("No se confirmó nada: {count} conflictos con lo ya registrado.",
                                 "Nothing was confirmed: {count} conflicts with what is on record."),
    "dispatch.error.week_closed": (
        "La semana de nómina del {week} ya está cerrada (se pagó como estaba): reábrela antes de cambiar sus turnos.",
        "The payroll week of {week} is closed (paid as it stood): reopen it before changing its shifts.",
    ),
    "dispatch.error.unknown_shift": ("El turno {shift} no existe.", "Shift {shift} does not exist."),
    "dispatch.error.not_confirmed": ("Ese turno ya tiene entrada registrada.", "That shift is already checked in."),
    "dispatch.error.not_checked_in": ("Ese turno no tiene entrada abierta.", "That shift has no open check-in."),
    "dispatch.error.too_early": ("La entrada se puede registrar desde el {opens}.", "Check-in opens on {opens}."),
    "dispatch.error.out_before_in": ("La salida debe ser después de la entrada ({at}).",
                                     "The check-out must come after the check-in ({at})."),
    "dispatch.error.changed": ("Alguien cambió ese turno hace un momento; vuelve a intentarlo.",
                               "Someone changed that shift a moment ago; try again."),
}
