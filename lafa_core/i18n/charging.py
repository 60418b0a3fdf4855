"""Strings of the depot night charging page (P5)."""

STRINGS = {
    "charging.title": ("Carga nocturna en depósito", "Depot night charging"),
    "charging.caption": (
        "Plan de carga de menor costo para los vehículos que duermen en el depósito, comparado con cargar al llegar.",
        "The least-cost charging plan for the vehicles sleeping at the depot, compared with charging on arrival.",
    ),
    "charging.depot": ("Depósito", "Depot"),
    "charging.evening": ("Noche del", "Night of"),
    "charging.target": ("Meta de carga al salir (%)", "Charge target at departure (%)"),
    "charging.target_help": (
        "La estrategia pide al menos 80 % al inicio del turno. Solo Operaciones de flota cambia la meta.",
        "The strategy asks for at least 80 % at shift start. Only Fleet operations changes the target.",
    ),
    "charging.failed": ("No se pudo calcular el plan: {error}", "The plan could not be computed: {error}"),
    "charging.no_depots": ("Todavía no hay depósitos registrados.", "There are no depots yet."),
    "charging.no_vehicles": (
        "Ningún vehículo duerme en {depot} la noche del {day}: no hay nada que planear.",
        "No vehicle sleeps at {depot} on the night of {day}: there is nothing to plan.",
    ),
    "charging.context": (
        "{depot} · noche del {day} · {vehicles} vehículos ({back} regresan de turno, {leave} salen a turno) · "
        "{chargers} cargadores de {kw} kW (límite del sitio {site} kW) · pico del mes hasta ahora {mtd} kW",
        "{depot} · night of {day} · {vehicles} vehicles ({back} back from a shift, {leave} leaving for one) · "
        "{chargers} chargers of {kw} kW (site limit {site} kW) · month's peak so far {mtd} kW",
    ),
    "charging.assumptions": (
        "Ventana de 18:00 a 18:00 del día siguiente en bloques de 15 minutos; tarifa CFE GDMTH de data/tariffs.yaml "
        "(base {base}, intermedia {intermediate}, punta {peak} por kWh); cargo por demanda {demand} por kW-mes, solo "
        "si la noche sube el pico del mes; eficiencia de carga {efficiency}. Meta {target} al salir; sin turno, lista a "
        "las 06:00. SOC de llegada: la última lectura diaria de telemetría; batería: capacidad nominal × salud (SOH).",
        "Window from 18:00 to 18:00 the next day in 15-minute slots; CFE GDMTH tariff from data/tariffs.yaml "
        "(base {base}, intermediate {intermediate}, peak {peak} per kWh); demand charge {demand} per kW-month, only "
        "when the night raises the month's peak; charging efficiency {efficiency}. Target {target} at departure; "
        "without a shift, ready by 06:00. Arrival SOC: the latest daily telemetry reading; battery: nominal capacity "
        "× state of health (SOH).",
    ),
    "charging.monthly_note": (
        "Proyección mensual = 30 noches como ésta: 30 × el costo de energía + el cargo por demanda de la noche una "
        "sola vez. El cargo por el pico del mes ya alcanzado se paga con cualquier plan y no se incluye. Meta del "
        "proyecto P5: energía en periodo base de {before} a más de {after}, ahorro de {low} a {high}.",
        "Monthly projection = 30 nights like this one: 30 × the energy cost + the night's demand charge once. The "
        "demand charge on the month's peak already reached is paid under any plan and is left out. Project P5 "
        "target: base-period energy from {before} to over {after}, savings of {low} to {high}.",
    ),
    "charging.peak_note": (
        "Por debajo del pico del mes hasta ahora ({mtd} kW), un pico más alto no cuesta nada este mes.",
        "Below the month's peak so far ({mtd} kW), a higher peak costs nothing this month.",
    ),
    "charging.rotating": (
        "Esta noche duermen {vehicles} vehículos y hay {chargers} cargadores: el plan supone que el personal rota las "
        "conexiones; el límite del sitio mantiene el total en lo que los cargadores pueden dar.",
        "{vehicles} vehicles sleep here tonight and there are {chargers} chargers: the plan assumes staff rotate the "
        "plugs; the site limit keeps the total to what the chargers can draw.",
    ),
    "charging.soc_assumed": (
        "{count} vehículos sin lectura de telemetría en los últimos 7 días: se supone que llegan con {soc}.",
        "{count} vehicles without a telemetry reading in the last 7 days: assumed to arrive at {soc}.",
    ),
    # metrics
    "charging.metric.energy": ("Costo de energía (plan)", "Energy cost (plan)"),
    "charging.metric.peak": ("Pico del sitio (plan)", "Site peak (plan)"),
    "charging.metric.demand": ("Cargo por demanda (plan)", "Demand charge (plan)"),
    "charging.metric.base": ("Energía en periodo base (plan)", "Base-period energy (plan)"),
    "charging.metric.savings": ("Ahorro proyectado al mes", "Projected monthly savings"),
    "charging.metric.vs": ("Al cargar al llegar: {value}", "Charging on arrival: {value}"),
    "charging.metric.savings_help": (
        "Ahorro de esta noche: {night}. Al mes: 30 noches como ésta.",
        "Tonight's savings: {night}. Per month: 30 nights like this one.",
    ),
    "charging.points": ("{value} pts", "{value} pts"),
    # comparison table
    "charging.compare": ("Plan optimizado contra cargar al llegar", "Optimized plan against charging on arrival"),
    "charging.col.figure": ("Concepto", "Figure"),
    "charging.col.optimized": ("Plan optimizado", "Optimized plan"),
    "charging.col.on_arrival": ("Cargar al llegar", "Charge on arrival"),
    "charging.col.difference": ("Diferencia", "Difference"),
    "charging.row.energy": ("Costo de energía de la noche", "Night's energy cost"),
    "charging.row.demand": ("Cargo por demanda (sube el pico del mes)", "Demand charge (raises the month's peak)"),
    "charging.row.total": ("Costo total de la noche", "Night's total cost"),
    "charging.row.peak": ("Pico del sitio (kW)", "Site peak (kW)"),
    "charging.row.base": ("Energía en periodo base", "Base-period energy"),
    "charging.row.grid": ("Energía de la red (kWh)", "Grid energy (kWh)"),
    "charging.row.monthly": ("Proyección mensual (30 noches)", "Monthly projection (30 nights)"),
    # load chart
    "charging.load": ("Potencia del sitio por bloque de 15 minutos", "Site power per 15-minute slot"),
    "charging.axis.time": ("Hora (Ciudad de México)", "Time (Mexico City)"),
    "charging.axis.kw": ("Potencia del sitio (kW)", "Site power (kW)"),
    "charging.series.optimized": ("Plan optimizado", "Optimized plan"),
    "charging.series.on_arrival": ("Cargar al llegar", "Charge on arrival"),
    "charging.site_limit": ("Límite del sitio", "Site limit"),
    "charging.month_peak": ("Pico del mes", "Month's peak"),
    "charging.period.base": ("Base", "Base"),
    "charging.period.intermediate": ("Intermedia", "Intermediate"),
    "charging.period.peak": ("Punta", "Peak"),
    # schedule
    "charging.schedule": ("Plan por vehículo", "Plan per vehicle"),
    "charging.heatmap_caption": (
        "Potencia de cada vehículo que carga, por bloque (kW). Los {idle} vehículos que ya tienen su meta no aparecen.",
        "Each charging vehicle's power per slot (kW). The {idle} vehicles already at their target are not shown.",
    ),
    "charging.axis.vehicle": ("Vehículo", "Vehicle"),
    "charging.col.plate": ("Placa", "Plate"),
    "charging.col.model": ("Modelo", "Model"),
    "charging.col.arrives": ("Llega", "Arrives"),
    "charging.col.ready_by": ("Lista a las", "Ready by"),
    "charging.col.arrival_soc": ("SOC al llegar", "Arrival SOC"),
    "charging.col.target": ("Meta", "Target"),
    "charging.col.energy": ("Energía de red (kWh)", "Grid energy (kWh)"),
    "charging.col.charging": ("Carga (de–a)", "Charging (from–to)"),
    "charging.col.final_soc": ("SOC final", "Final SOC"),
    "charging.col.cost": ("Costo del plan", "Plan cost"),
    "charging.col.cost_on_arrival": ("Costo al llegar", "Cost on arrival"),
    "charging.col.status": ("Estado", "Status"),
    "charging.col.reason": ("Motivo", "Reason"),
    "charging.col.best_soc": ("Mejor SOC posible", "Best SOC possible"),
    "charging.at_depot": ("En depósito", "At the depot"),
    "charging.next_day": ("{time} (+1 día)", "{time} (+1 day)"),
    "charging.for_shift": ("{time} · turno", "{time} · shift"),
    "charging.assumed_soc": ("{soc} (supuesto)", "{soc} (assumed)"),
    "charging.no_charge": ("No necesita carga", "Needs no charge"),
    "charging.status.met": ("Cumple la meta", "Meets the target"),
    "charging.reason.charger_time": (
        "Poco tiempo conectado: ni a la potencia máxima del cargador llega a la meta",
        "Too little time plugged in: not even the charger's full power reaches the target",
    ),
    "charging.reason.site_limit": (
        "Límite del sitio: los cargadores juntos no dan para todos",
        "Site limit: the chargers together cannot serve everyone",
    ),
    "charging.unserved": (
        "{count} vehículos no llegan a la meta; el resto sigue planeado:",
        "{count} vehicles do not reach the target; the rest are still planned:",
    ),
    "charging.all_served": ("Todos los vehículos llegan a su meta antes de salir.",
                            "Every vehicle reaches its target before leaving."),
    # errors
    "charging.error.unknown_depot": ("El depósito {depot} no existe.", "Depot {depot} does not exist."),
    "charging.error.no_chargers": ("El depósito {depot} no tiene cargadores registrados.",
                                   "Depot {depot} has no chargers on record."),
    "charging.error.tariff": ("No hay tarifa vigente para esa noche ({error}).",
                              "No tariff is in force for that night ({error})."),
    "charging.error.target": ("La meta de carga {value} debe estar entre 0 y 100 %.",
                              "The charge target {value} must be between 0 and 100 %."),
}
