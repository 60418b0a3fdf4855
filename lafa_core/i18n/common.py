"""Strings shared by every page: navigation groups, guards, filters."""

STRINGS = {
    "app.title": ("LAFA Control Tower", "LAFA Control Tower"),
    "app.language": ("Idioma", "Language"),
    "app.role": ("Ver como", "View as"),
    "role.all": ("Todos los módulos", "All modules"),
    "role.executive": ("Dirección", "Executive"),
    "role.credit_analyst": ("Analista de crédito", "Credit analyst"),
    "role.collections_agent": ("Agente de cobranza", "Collections agent"),
    "role.collections_supervisor": ("Supervisor de cobranza", "Collections supervisor"),
    "role.fleet_ops": ("Operaciones de flota", "Fleet operations"),
    "role.finance": ("Finanzas / RH", "Finance / HR"),
    "nav.foundation": ("Fundación", "Foundation"),
    "nav.dae": ("Conductor empleado (DaE)", "Driver-as-Employee (DaE)"),
    "nav.lto": ("Arrendamiento (LTO)", "Lease-to-Own (LTO)"),
    "nav.cross": ("Transversal", "Cross-cutting"),
    "guard.no_schema": (
        "La base de datos no tiene tablas todavía. Créela con datos de demostración: `{command}`",
        "The database has no tables yet. Build it with demo data: `{command}`",
    ),
    "guard.empty": (
        "La base de datos está vacía. Genere la empresa de demostración con: `{command}`",
        "The database is empty. Build the demo company with: `{command}`",
    ),
    "guard.outdated": (
        "El esquema de la base de datos es anterior a esta versión. Actualícelo con: `{command}`",
        "The database schema is older than this version. Upgrade it with: `{command}`",
    ),
    "guard.unreachable": (
        "No se puede conectar con la base de datos ({url}). Verifique que el servidor esté encendido y que LAFA_DATABASE_URL sea correcta, y recargue la página.",
        "Cannot connect to the database ({url}). Check that the server is running and LAFA_DATABASE_URL is right, then reload the page.",
    ),
    "filter.product": ("Producto", "Product"),
    "filter.product.all": ("Todos", "All"),
    "filter.period": ("Periodo", "Period"),
    "filter.period.4w": ("Últimas 4 semanas", "Last 4 weeks"),
    "filter.period.13w": ("Últimas 13 semanas", "Last 13 weeks"),
    "filter.period.52w": ("Últimas 52 semanas", "Last 52 weeks"),
    "filter.period.custom": ("Personalizado", "Custom"),
    "filter.dates": ("Fechas", "Dates"),
}
