"""KPI names and their one-line definitions (shown as help on the home page)."""

STRINGS = {
    "kpi.active_fleet": ("Flota activa", "Active fleet"),
    "kpi.active_fleet.help": (
        "Vehículos en servicio el último día del periodo; por producto, los que tienen un contrato activo de ese producto ese día.",
        "Vehicles in service on the period's last day; by product, those on an active contract of that product that day."),
    "kpi.utilization": ("Utilización", "Utilization"),
    "kpi.utilization.help": (
        "Vehículo-días manejados (km > 0) con contrato ÷ vehículo-días en servicio del periodo.",
        "Vehicle-days driven (km > 0) under a contract ÷ vehicle-days in service in the period."),
    "kpi.revenue": ("Ingresos", "Revenue"),
    "kpi.revenue.help": (
        "Facturación DiDi de conductores DaE + pagos de arrendamiento LTO cobrados + carga vendida a conductores LTO, en el periodo.",
        "DiDi billing of DaE drivers + LTO lease payments collected + charging sold to LTO drivers, in the period."),
    "kpi.contribution_per_vehicle": ("Contribución por vehículo-mes", "Contribution per vehicle-month"),
    "kpi.contribution_per_vehicle.help": (
        "Ingresos menos costos medidos (carga, mantenimiento, seguro) y costos estándar de la estrategia (depreciación, nómina DaE, capital, telemetría, administración, provisión LTO), por vehículo-mes.",
        "Revenue minus measured costs (charging, maintenance, insurance) and the strategy's standard costs (depreciation, DaE payroll, capital, telematics, admin, LTO provision), per vehicle-month."),
    "kpi.on_time_rate": ("Pagos a tiempo", "On-time payment rate"),
    "kpi.on_time_rate.help": (
        "Cuotas LTO con vencimiento en el periodo pagadas a más tardar en su fecha ÷ cuotas que vencieron.",
        "LTO installments due in the period paid on or before their due date ÷ installments due."),
    "kpi.par30": ("PAR30", "PAR30"),
    "kpi.par30.help": (
        "Saldo insoluto de contratos con alguna cuota con 30+ días de atraso ÷ saldo bruto de la cartera LTO, al cierre del periodo.",
        "Unpaid balance of contracts with any installment 30+ days late ÷ gross LTO portfolio balance, at period end."),
    "kpi.default_rate": ("Incumplimiento anualizado", "Annualized default rate"),
    "kpi.default_rate.help": (
        "Contratos LTO que cayeron en incumplimiento (60+ días de atraso) en el periodo ÷ contratos LTO activos promedio, anualizado.",
        "LTO contracts that defaulted (60+ days past due) in the period ÷ average active LTO contracts, annualized."),
    "kpi.average_soh": ("SOH promedio de batería", "Average battery SOH"),
    "kpi.average_soh.help": (
        "Promedio del estado de salud de batería (% de la capacidad nominal) el último día del periodo.",
        "Mean battery state of health (% of nominal capacity) on the period's last day."),
    "kpi.dpd_buckets": ("Cartera por días de atraso", "Portfolio by days past due"),
    "kpi.dpd_buckets.help": (
        "Contratos LTO activos al cierre según los días de atraso de su cuota impaga más antigua.",
        "Active LTO contracts at period end by the days past due of their oldest unpaid installment."),
}

STRINGS.update({
    "attention.default_rate": (
        "Incumplimiento anualizado de {rate}: la meta de la estrategia a 6 meses es {target}.",
        "Annualized default rate of {rate}: the strategy's six-month target is {target}."),
    "attention.contribution_below": (
        "Contribución {product} de {value} por vehículo-mes, debajo del rango de la estrategia (desde {low}).",
        "{product} contribution of {value} per vehicle-month, below the strategy's range (from {low})."),
    "attention.contribution_above": (
        "Contribución {product} de {value} por vehículo-mes, arriba del rango de la estrategia (hasta {high}).",
        "{product} contribution of {value} per vehicle-month, above the strategy's range (up to {high})."),
    "attention.utilization": (
        "Utilización de {rate}: la palanca de margen de la estrategia pide más de {target}.",
        "Utilization of {rate}: the strategy's margin lever asks for more than {target}."),
    "attention.soh": (
        "{count} vehículos con SOH de batería bajo {threshold}: revise garantía y rotación.",
        "{count} vehicles with battery SOH below {threshold}: review warranty and rotation."),
    "attention.soh_one": (
        "1 vehículo con SOH de batería bajo {threshold}: revise garantía y rotación.",
        "1 vehicle with battery SOH below {threshold}: review warranty and rotation."),
    "attention.milestone": (
        "Flota de la empresa: {fleet} vehículos; el siguiente hito es {next} vehículos y requiere los proyectos {needs}.",
        "Company fleet: {fleet} vehicles; the next milestone is {next} vehicles and needs projects {needs}."),
})
