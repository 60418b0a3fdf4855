"""Strings shared by every page: navigation groups, guards, filters."""

STRINGS = {
    "app.title": ("LAFA Control Tower", "LAFA Control Tower"),
    "app.language": ("Idioma", "Language"),
    "role.executive": ("Dirección", "Executive"),
    "role.credit_analyst": ("Analista de crédito", "Credit analyst"),
    "role.collections_agent": ("Agente de cobranza", "Collections agent"),
    "role.collections_supervisor": ("Supervisor de cobranza", "Collections supervisor"),
    "role.fleet_ops": ("Operaciones de flota", "Fleet operations"),
    "role.finance": ("Finanzas", "Finance"),
    "role.credit_lead": ("Líder de crédito", "Credit lead"),
    "role.hr_payroll": ("Recursos humanos / nómina", "HR / payroll"),
    "role.admin": ("Administración del sistema", "System administrator"),
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
    "guard.corrupt": (
        "El archivo `{path}` no es una base de datos SQLite (está dañado o es otro tipo de archivo). Muévalo a otro lugar y ejecute `make run` para crear de nuevo la empresa de demostración.",
        "The file `{path}` is not a SQLite database (it is damaged or another kind of file). Move it away and run `make run` to build the demo company again.",
    ),
    "guard.missing_table": (
        "A la base de datos le faltan tablas ({tables}) aunque su versión de esquema está al día, así que `{migrate}` no las recrea. Restáurela desde un respaldo o reconstrúyala con `{command}` (borra sus datos).",
        "The database lacks tables ({tables}) although its schema version is current, so `{migrate}` will not recreate them. Restore it from a backup or rebuild it with `{command}` (this deletes its data).",
    ),
    "guard.config": (
        "Configuración incorrecta: {error}",
        "Wrong configuration: {error}",
    ),
    "config.database_url.unparseable": (
        "{variable} = `{value}` no es una URL de base de datos. Use `sqlite:///data/lafa.db` o `postgresql://usuario@servidor:5432/lafa` (o quítela para usar data/lafa.db) y reinicie la app.",
        "{variable} = `{value}` is not a database URL. Use `sqlite:///data/lafa.db` or `postgresql://user@host:5432/lafa` (or unset it to use data/lafa.db) and restart the app.",
    ),
    "config.database_url.dialect": (
        "{variable} = `{value}` usa `{dialect}`, que no está soportado. Use SQLite o PostgreSQL, p. ej. `sqlite:///data/lafa.db` o `postgresql://usuario@servidor:5432/lafa`, y reinicie la app.",
        "{variable} = `{value}` uses `{dialect}`, which is not supported. Use SQLite or PostgreSQL, e.g. `sqlite:///data/lafa.db` or `postgresql://user@host:5432/lafa`, and restart the app.",
    ),
    "config.database_url.no_database": (
        "{variable} = `{value}` no indica la base de datos. Agregue su nombre al final, p. ej. `sqlite:///data/lafa.db` o `postgresql://usuario@servidor:5432/lafa`, y reinicie la app.",
        "{variable} = `{value}` names no database. Add its name at the end, e.g. `sqlite:///data/lafa.db` or `postgresql://user@host:5432/lafa`, and restart the app.",
    ),
    "config.database_url.folder": (
        "No se puede crear la carpeta `{folder}` de la base de datos SQLite. Apunte {variable} a un lugar con permiso de escritura, p. ej. `sqlite:///data/lafa.db`, y reinicie la app.",
        "Cannot create the folder `{folder}` for the SQLite database. Point {variable} at a writable place, e.g. `sqlite:///data/lafa.db`, and restart the app.",
    ),
    "config.language": (
        "{variable} = `{value}` no es un idioma disponible. Use {choices} (o quítela para español) y reinicie la app.",
        "{variable} = `{value}` is not an available language. Use {choices} (or unset it for Spanish) and restart the app.",
    ),
    "config.app_role": (
        "{variable} = `{value}` no es un nombre de rol de PostgreSQL: use minúsculas, números y guiones bajos (p. ej. lafa_app).",
        "{variable} = `{value}` is not a PostgreSQL role name: use lowercase letters, digits and underscores (e.g. lafa_app).",
    ),
    "config.session_minutes": (
        "{variable} = `{value}` no es un número de minutos entre 1 y 1440. Use por ejemplo {default} (o quítela) y reinicie la app.",
        "{variable} = `{value}` is not a number of minutes from 1 to 1440. Use e.g. {default} (or unset it) and restart the app.",
    ),
    "config.clock": (
        "{variable} = `{value}` no es un momento con su desfase UTC. Use por ejemplo 2026-11-24T11:00:00-06:00 (o quítela para usar el reloj real) y reinicie la app.",
        "{variable} = `{value}` is not a moment with its UTC offset. Use e.g. 2026-11-24T11:00:00-06:00 (or unset it to use the wall clock) and restart the app.",
    ),
    "config.clock.banner": (
        "Reloj de demostración: las páginas de cobranza actúan el {when} (LAFA_CLOCK).",
        "Demo clock: the collections pages act at {when} (LAFA_CLOCK).",
    ),
    "config.seed": (
        "{variable} = `{value}` no es un entero no negativo. Use un número entero como {default} (o quítela para usar {default}) y reinicie la app.",
        "{variable} = `{value}` is not a non-negative integer. Use a whole number such as {default} (or unset it to use {default}) and restart the app.",
    ),
    "config.models_dir.not_dir": (
        "{variable} = `{value}`: `{path}` no es una carpeta. Apunte {variable} a una carpeta con permiso de escritura (o quítela para usar models/) y reinicie la app.",
        "{variable} = `{value}`: `{path}` is not a folder. Point {variable} at a writable folder (or unset it to use models/) and restart the app.",
    ),
    "config.models_dir.not_writable": (
        "{variable} = `{value}`: no se puede escribir en `{path}`. Dé permiso de escritura o apunte {variable} a otra carpeta (o quítela para usar models/) y reinicie la app.",
        "{variable} = `{value}`: `{path}` is not writable. Grant write permission or point {variable} at another folder (or unset it to use models/) and restart the app.",
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
