"""Strings of the battery health page (P4)."""

STRINGS = {
    "battery.title": ("Salud de baterías", "Battery health"),
    "battery.caption": (
        "Degradación de cada vehículo contra la banda LFP de la estrategia para uso de plataforma en CDMX, "
        "anomalías con su motivo, fechas proyectadas al mínimo LTO (85 %) y a la rotación (80 %), y valor residual. "
        "Datos al {day}: el último año de lecturas diarias.",
        "Each vehicle's degradation against the strategy's LFP band for ride-hailing use in CDMX, anomalies "
        "with their reason, projected dates to the LTO floor (85 %) and to rotation (80 %), and residual value. "
        "Data as of {day}: the last year of daily readings.",
    ),
    "battery.failed": ("No se pudo calcular la salud de baterías: {error}", "Battery health could not be computed: {error}"),
    "battery.empty": (
        "Todavía no hay lecturas de telemetría: la salud de baterías aparece cuando los vehículos reportan su SOH.",
        "There are no telemetry readings yet: battery health appears once the vehicles report their SOH.",
    ),
    "battery.error.no_vehicle": ("No existe el vehículo {vehicle}.", "There is no vehicle {vehicle}."),
    # Metrics
    "battery.metric.soh": ("SOH promedio", "Average SOH"),
    "battery.metric.soh_help": (
        "Estado de salud de la batería (% de la capacidad nominal) de cada vehículo en su última lectura, según su "
        "ajuste; promedio de la flota.",
        "Battery state of health (% of nominal capacity) of each vehicle at its last reading, from its fit; fleet average.",
    ),
    "battery.metric.fade": ("Degradación mediana", "Median fade"),
    "battery.metric.fade_help": (
        "Pérdida de SOH por año (mediana de los ajustes Theil–Sen por vehículo). Referencia Geotab: {low}–{high} %/año "
        "en promedio de flota, más rápida con calor y carga rápida DC.",
        "SOH lost per year (median of the vehicles' Theil–Sen fits). Geotab reference: {low}–{high} %/yr fleet "
        "average, faster with heat and DC fast charging.",
    ),
    "battery.metric.fade_delta": ("Geotab {low}–{high} %/año", "Geotab {low}–{high} %/yr"),
    "battery.metric.below_band": ("Bajo la banda LFP", "Below the LFP band"),
    "battery.metric.below_band_help": (
        "Vehículos cuyo SOH está por debajo de la banda de la estrategia para su edad (data/business.yaml).",
        "Vehicles whose SOH is below the strategy's band for their age (data/business.yaml).",
    ),
    "battery.metric.flagged": ("Anomalías", "Anomalies"),
    "battery.metric.flagged_help": (
        "Vehículos que el Isolation Forest aísla y que degradan al menos {ratio}× la flota a igual kilometraje.",
        "Vehicles the Isolation Forest isolates that fade at least {ratio}× the fleet at the same mileage.",
    ),
    "battery.metric.residual": ("Valor residual de la flota", "Fleet residual value"),
    "battery.metric.residual_help": (
        "Suma del valor residual central de cada vehículo: participación residual por edad de la estrategia, con la "
        "parte de la batería ({battery}) ajustada por su SOH contra la banda. Rango: {low} – {high}.",
        "Sum of each vehicle's central residual value: the strategy's residual share by age, the battery's part "
        "({battery}) adjusted by its SOH against the band. Range: {low} – {high}.",
    ),
    "battery.per_year": ("{value} %/año", "{value} %/yr"),
    # Filters and tabs
    "battery.group_by": ("Agrupar por", "Group by"),
    "battery.group.oem_model": ("Marca y modelo", "OEM and model"),
    "battery.group.product": ("Producto", "Product"),
    "battery.product.DaE": ("DaE", "DaE"),
    "battery.product.LTO": ("LTO", "LTO"),
    "battery.product.none": ("Sin contrato", "No contract"),
    "battery.group.fleet": ("Flota", "Fleet"),
    "battery.tab.fleet": ("Flota contra la banda", "Fleet against the band"),
    "battery.tab.anomalies": ("Anomalías y decisiones", "Anomalies and decisions"),
    "battery.tab.vehicle": ("Vehículo", "Vehicle"),
    "battery.tab.value": ("Valor residual y LTO", "Residual value and LTO"),
    # Fleet charts
    "battery.band": ("Banda LFP (uso plataforma CDMX)", "LFP band (CDMX ride-hailing use)"),
    "battery.band_low": ("Banda LFP: mínimo", "LFP band: low"),
    "battery.band_high": ("Banda LFP: máximo", "LFP band: high"),
    "battery.axis.age": ("Edad del vehículo (años)", "Vehicle age (years)"),
    "battery.axis.soh": ("SOH (%)", "SOH (%)"),
    "battery.axis.day": ("Fecha", "Date"),
    "battery.scatter.title": ("SOH actual de cada vehículo por edad", "Each vehicle's current SOH by age"),
    "battery.curve.title": ("Tendencia de SOH por edad (mediana semanal)", "SOH trend by age (weekly median)"),
    "battery.hover.vehicle": (
        "{plate} · {group}<br>Edad {age} años · SOH {soh} %<br>Degradación {fade}",
        "{plate} · {group}<br>Age {age} years · SOH {soh} %<br>Fade {fade}",
    ),
    "battery.hover.curve": ("{group}<br>Edad {age} años · SOH mediano {soh} % ({vehicles} vehículos)",
                            "{group}<br>Age {age} years · median SOH {soh} % ({vehicles} vehicles)"),
    "battery.hover.band": ("Edad {age} años · banda {low}–{high} %", "Age {age} years · band {low}–{high} %"),
    "battery.groups": ("Por grupo", "By group"),
    "battery.col.group": ("Grupo", "Group"),
    "battery.col.vehicles": ("Vehículos", "Vehicles"),
    "battery.col.avg_soh": ("SOH promedio", "Average SOH"),
    "battery.col.median_fade": ("Degradación mediana", "Median fade"),
    "battery.col.below_band": ("Bajo la banda", "Below the band"),
    "battery.col.flagged": ("Anomalías", "Anomalies"),
    # Anomalies
    "battery.anomalies.none": (
        "Ningún vehículo degrada fuera de lo normal: no hay anomalías que atender.",
        "No vehicle fades out of the ordinary: there are no anomalies to act on.",
    ),
    "battery.anomalies.intro": (
        "{count} vehículos marcados. Motivo en palabras; la acción sugerida: rotar si ya está o estará en 80 % en "
        "{days} días, reclamo de garantía si degrada rápido sin causa de uso, inspección si la hay.",
        "{count} vehicles flagged. The reason in words; the suggested action: rotate when at or within {days} days "
        "of 80 %, a warranty claim when it fades fast with no cause in its use, an inspection when there is one.",
    ),
    "battery.col.plate": ("Placa", "Plate"),
    "battery.col.model": ("Modelo", "Model"),
    "battery.col.product": ("Producto", "Product"),
    "battery.col.soh": ("SOH", "SOH"),
    "battery.col.fade": ("Degradación (rango 90 %)", "Fade (90 % range)"),
    "battery.col.reason": ("Motivo", "Reason"),
    "battery.col.suggested": ("Sugerencia", "Suggested"),
    "battery.col.date_85": ("Llega a 85 % (mínimo LTO)", "Reaches 85 % (LTO floor)"),
    "battery.col.date_80": ("Llega a 80 % (rotación)", "Reaches 80 % (rotation)"),
    "battery.col.decision": ("Última decisión", "Last decision"),
    "battery.col.score": ("Puntaje de anomalía", "Anomaly score"),
    "battery.reason.fade": ("degrada {ratio}× el promedio de la flota a igual kilometraje ({fade} contra {fleet})",
                            "fades {ratio}× the fleet average at the same mileage ({fade} against {fleet})"),
    "battery.reason.heat": ("{temp} °C de máxima diaria promedio (flota {fleet} °C; pico {peak} °C)",
                            "{temp} °C average daily maximum (fleet {fleet} °C; peak {peak} °C)"),
    "battery.reason.fast_charge": ("{share} de la energía en carga rápida DC (flota {fleet})",
                                   "{share} of its energy from DC fast charging (fleet {fleet})"),
    "battery.reason.deep_discharge": ("{share} de los días termina bajo {soc} % de carga (flota {fleet})",
                                      "{share} of its days end below {soc} % charge (fleet {fleet})"),
    "battery.reason.km": ("{km} km por día (flota {fleet})", "{km} km a day (fleet {fleet})"),
    "battery.action.inspect": ("Inspeccionar", "Inspect"),
    "battery.action.rotate": ("Rotar fuera de plataforma", "Rotate out of ride-hailing"),
    "battery.action.warranty_claim": ("Reclamo de garantía", "Warranty claim"),
    "battery.action.keep": ("Mantener sin cambio", "Keep as it is"),
    "battery.decision.none": ("Sin decisión", "No decision"),
    "battery.decision.text": ("{action} · {who} · {day}", "{action} · {who} · {day}"),
    "battery.decide.title": ("Registrar decisión", "Record a decision"),
    "battery.decide.vehicle": ("Vehículo", "Vehicle"),
    "battery.decide.action": ("Decisión", "Decision"),
    "battery.decide.note": ("Nota (opcional, sin datos personales)", "Note (optional, no personal data)"),
    "battery.decide.submit": ("Registrar decisión", "Record the decision"),
    "battery.decide.done": ("Decisión registrada para {plate}: {action}.", "Decision recorded for {plate}: {action}."),
    "battery.decide.read_only": (
        "Solo Operaciones de flota registra decisiones sobre baterías; aquí se consultan.",
        "Only Fleet operations records battery decisions; here they are read.",
    ),
    # Ranges
    "battery.range": ("{central} ({early} – {late})", "{central} ({early} – {late})"),
    "battery.never": ("más de {years} años", "more than {years} years"),
    "battery.already": ("ya está ahí", "already there"),
    "battery.no_fit": ("datos insuficientes", "not enough data"),
    # Vehicle
    "battery.vehicle.pick": ("Vehículo", "Vehicle"),
    "battery.vehicle.flag": ("⚠ {plate}", "⚠ {plate}"),
    "battery.vehicle.metric.soh": ("SOH al {day}", "SOH on {day}"),
    "battery.vehicle.metric.fade": ("Degradación por año", "Fade per year"),
    "battery.vehicle.metric.per_100k": ("Por cada 100,000 km", "Per 100,000 km"),
    "battery.vehicle.metric.band": ("Banda para su edad", "Band for its age"),
    "battery.vehicle.band_status.below": ("bajo la banda", "below the band"),
    "battery.vehicle.band_status.inside": ("dentro de la banda", "inside the band"),
    "battery.vehicle.band_status.above": ("sobre la banda", "above the band"),
    "battery.vehicle.projection": (
        "Llega a 85 % (mínimo LTO): {d85}. Llega a 80 % (rotación): {d80}. Ajuste Theil–Sen sobre medianas semanales "
        "({weeks} semanas); el rango usa el intervalo de 90 % de la pendiente.",
        "Reaches 85 % (LTO floor): {d85}. Reaches 80 % (rotation): {d80}. Theil–Sen fit on weekly medians "
        "({weeks} weeks); the range uses the slope's 90 % interval.",
    ),
    "battery.vehicle.flagged": ("Marcado: {reason}. Sugerencia: {action}.", "Flagged: {reason}. Suggested: {action}."),
    "battery.vehicle.no_fit": (
        "{plate} tiene {weeks} semanas de lecturas: se necesitan {needed} para ajustar su degradación.",
        "{plate} has {weeks} weeks of readings: {needed} are needed to fit its degradation.",
    ),
    "battery.vehicle.readings": ("Lectura diaria", "Daily reading"),
    "battery.vehicle.fit": ("Ajuste y proyección", "Fit and projection"),
    "battery.vehicle.floor": ("Mínimo LTO 85 %", "LTO floor 85 %"),
    "battery.vehicle.rotate": ("Rotación 80 %", "Rotation 80 %"),
    "battery.vehicle.hover": ("{day}: SOH {soh} %", "{day}: SOH {soh} %"),
    "battery.vehicle.title": ("SOH de {plate} y su proyección", "{plate}'s SOH and its projection"),
    # Residual value and LTO
    "battery.value.caption": (
        "Valor residual = costo × participación residual por edad ({share3} a 3 años, {share4} a 4 años; geométrica "
        "entre ellas) × [(1 − {battery}) + {battery} × SOH ÷ mitad de la banda]. Rango: extremos de la estrategia.",
        "Residual value = cost × residual share by age ({share3} at 3 years, {share4} at 4 years; geometric between "
        "them) × [(1 − {battery}) + {battery} × SOH ÷ the band's middle]. Range: the strategy's ends.",
    ),
    "battery.value.vehicles": ("Valor residual por vehículo", "Residual value per vehicle"),
    "battery.value.leases": ("Contratos LTO: opción de compra y mínimo de 85 %", "LTO leases: purchase option and the 85 % floor"),
    "battery.value.leases_caption": (
        "Valor al final del contrato con el SOH proyectado a esa fecha; valor de la opción = ese valor − precio de la "
        "opción. Saldo por pagar según el precio del propio contrato (depósito, pago semanal y plazo); cobertura = "
        "valor residual de hoy ÷ saldo por pagar. "
        "{risk} contratos llegan a 85 % antes de terminar.",
        "Value at the lease's end with the SOH projected to that day; option value = that value − the option's "
        "price. Balance owed from the lease's own pricing (deposit, weekly payment and term); coverage = today's "
        "residual value ÷ the balance owed. "
        "{risk} leases reach 85 % before they end.",
    ),
    "battery.value.no_leases": ("No hay contratos LTO activos.", "There are no active LTO leases."),
    "battery.col.age": ("Edad (años)", "Age (years)"),
    "battery.col.cost": ("Costo de adquisición", "Acquisition cost"),
    "battery.col.residual": ("Valor residual", "Residual value"),
    "battery.col.residual_range": ("Rango", "Range"),
    "battery.col.band_status": ("Contra la banda", "Against the band"),
    "battery.col.contract": ("Contrato", "Lease"),
    "battery.col.ends": ("Termina", "Ends"),
    "battery.col.soh_end": ("SOH al terminar (rango)", "SOH at the end (range)"),
    "battery.col.floor": ("Mínimo 85 %", "85 % floor"),
    "battery.col.value_end": ("Valor al terminar", "Value at the end"),
    "battery.col.option": ("Precio de la opción", "Option price"),
    "battery.col.option_value": ("Valor de la opción", "Option value"),
    "battery.col.owed": ("Saldo por pagar", "Balance owed"),
    "battery.col.coverage": ("Cobertura del saldo", "Balance coverage"),
    "battery.floor.ok": ("Se mantiene", "Holds"),
    "battery.floor.risk": ("En riesgo", "At risk"),
    "battery.floor.before_end": ("Bajo 85 % antes del fin", "Under 85 % before the end"),
    "battery.floor.below": ("Ya bajo 85 %", "Already under 85 %"),
    "battery.floor.unknown": ("Datos insuficientes", "Not enough data"),
}
