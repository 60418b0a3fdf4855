"""DaE weekly payroll: the payslip's explanation (lafa_core.payroll.rules.explain) and refused inputs."""

STRINGS = {
    # The payslip, line by line. Amounts and hours arrive formatted ("$2,500", "42.5 h").
    "payroll.explain.partial_week": (
        "Semana parcial: {weekdays} de {full} días hábiles trabajados; meta ajustada a {hours_goal} y {billed_goal}.",
        "Partial week: {weekdays} of {full} weekdays worked; goal scaled to {hours_goal} and {billed_goal}.",
    ),
    "payroll.explain.goal_met": ("Meta cumplida: {hours} y {billed} facturados.",
                                 "Goal met: {hours} and {billed} billed."),
    "payroll.explain.goal_missed": (
        "Meta no cumplida: {hours} (meta {hours_goal}) y {billed} facturados (meta {billed_goal}).",
        "Goal missed: {hours} (goal {hours_goal}) and {billed} billed (goal {billed_goal}).",
    ),
    "payroll.explain.weekend_start": (
        "Ingreso en fin de semana: sin días hábiles trabajados en la semana.",
        "Started on a weekend: no weekdays worked this week.",
    ),
    "payroll.explain.base": ("Base {amount}", "Base {amount}"),
    "payroll.explain.bonus": ("bono {amount} ({steps} × {per_step} por cada {step} sobre la meta)",
                              "bonus {amount} ({steps} × {per_step} per {step} above the goal)"),
    "payroll.explain.overtime": ("{hours} extra × {rate}", "{hours} overtime × {rate}"),
    "payroll.explain.support": ("Apoyo {amount}", "Support {amount}"),
    "payroll.explain.tips": ("propinas {amount}", "tips {amount}"),
    "payroll.explain.no_overtime_first_week": (
        "Sin horas extra: es la primera semana (se requieren {required} la semana anterior).",
        "No overtime: this is the first week ({required} are required the week before).",
    ),
    "payroll.explain.no_overtime_previous_week": (
        "Sin horas extra: la semana anterior tuvo {previous} (se requieren {required}).",
        "No overtime: the previous week had {previous} ({required} are required).",
    ),
    "payroll.explain.overtime_cap": (
        "Horas extra con tope de {cap}: trabajó {above} sobre {threshold}.",
        "Overtime capped at {cap}: worked {above} above {threshold}.",
    ),
    "payroll.explain.topup": ("Complemento a salario mínimo: {amount} ({days} días × {daily})",
                              "Minimum wage top-up: {amount} ({days} days × {daily})"),
    "payroll.explain.topup_one_day": ("Complemento a salario mínimo: {amount} ({days} día × {daily})",
                                      "Minimum wage top-up: {amount} ({days} day × {daily})"),
    "payroll.explain.over_legal_limit": (
        "Aviso: {hours} superan el límite legal de {limit} por semana en {over}; revisar con Recursos Humanos.",
        "Warning: {hours} exceed the legal limit of {limit} per week by {over}; review with HR.",
    ),
    "payroll.explain.total": ("Total a pagar: {total}", "Total to pay: {total}"),
    "payroll.explain.total_with_tips": ("Total a pagar: {total} + propinas {tips} = {grand}",
                                        "Total to pay: {total} + tips {tips} = {grand}"),
    # Refused inputs (rules.PayrollInputError, law.LaborLawError).
    "payroll.error.not_decimal": ("{field}: se requiere un Decimal exacto, no {kind}.",
                                  "{field}: an exact Decimal is required, not {kind}."),
    "payroll.error.not_finite": ("{field}: no es un número.", "{field}: not a number."),
    "payroll.error.negative": ("{field}: no puede ser negativo ({value}).", "{field}: cannot be negative ({value})."),
    "payroll.error.hours_in_week": ("{field}: {value} h es más que las {maximum} h de una semana.",
                                    "{field}: {value} h is more than the {maximum} h of a week."),
    "payroll.error.centavos": ("{field}: a lo más dos decimales (centavos).",
                               "{field}: at most two decimals (centavos)."),
    "payroll.error.count_range": ("{field}: debe ser un número entero entre {minimum} y {maximum}.",
                                  "{field}: must be a whole number from {minimum} to {maximum}."),
    "payroll.error.days_below_weekdays": (
        "{field}: {days} días de empleo no alcanzan para {weekdays} días hábiles trabajados.",
        "{field}: {days} days employed cannot hold {weekdays} weekdays worked.",
    ),
    "payroll.error.law_type": ("{field}: se requiere la ley laboral vigente (LaborLaw).",
                               "{field}: the labor law in force (LaborLaw) is required."),
    "payroll.error.not_a_date": ("{field}: se requiere una fecha.", "{field}: a date is required."),
    "payroll.error.not_monday": ("{field}: {day} no es lunes.", "{field}: {day} is not a Monday."),
    "payroll.error.not_started": (
        "{field}: el conductor inicia el {start}, después de la semana del {week} al {sunday}.",
        "{field}: the driver starts on {start}, after the week of {week} to {sunday}.",
    ),
    "payroll.error.no_law": (
        "data/labor_law.yaml no tiene {section} vigente el {day} (el primero rige desde el {first}).",
        "data/labor_law.yaml has no {section} in force on {day} (the first applies from {first}).",
    ),
    "payroll.error.law_file": ("data/labor_law.yaml: revise {where}.", "data/labor_law.yaml: check {where}."),
    "payroll.error.law_value": ("Ley laboral: {field} debe ser un número positivo.",
                                "Labor law: {field} must be a positive number."),
    "payroll.error.zone": ("Zona salarial desconocida: {zone}; use una de {allowed}.",
                           "Unknown minimum-wage zone: {zone}; use one of {allowed}."),
}
