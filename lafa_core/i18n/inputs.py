"""Messages for refused input (lafa_core.bounds): each names the field in the user's words."""

STRINGS = {
    "input.naive_datetime": ("{field}: falta la zona horaria (America/Mexico_City).",
                             "{field}: the time zone is missing (America/Mexico_City)."),
    "input.amount_required": ("{field}: escribe un monto en pesos.", "{field}: enter an amount in pesos."),
    "input.amount_invalid": ("{field}: no es un monto en pesos.", "{field}: not an amount in pesos."),
    "input.amount_positive": ("{field}: el monto debe ser mayor que cero.", "{field}: the amount must be above zero."),
    "input.amount_decimals": ("{field}: a lo más dos decimales (centavos).", "{field}: at most two decimals (centavos)."),
    "input.amount_too_large": ("{field}: a lo más {maximum:,} pesos.", "{field}: at most {maximum:,} pesos."),
    "input.number_required": ("{field}: escribe un número entero.", "{field}: enter a whole number."),
    "input.number_whole": ("{field}: debe ser un número entero.", "{field}: must be a whole number."),
    "input.number_range": ("{field}: debe estar entre {minimum} y {maximum}.",
                           "{field}: must be from {minimum} to {maximum}."),
    "input.text_required": ("{field}: es obligatorio.", "{field}: is required."),
    "input.text_nul": ("{field}: contiene un carácter nulo; quítalo.", "{field}: holds a NUL character; remove it."),
    "input.text_too_long": ("{field}: a lo más {maximum} caracteres.", "{field}: at most {maximum} characters."),
    "input.choice": ("{field}: valor desconocido; usa uno de {allowed}.", "{field}: unknown value; use one of {allowed}."),
    "input.actor_required": ("Identifícate antes de registrar cambios.", "Identify yourself before recording changes."),
}
