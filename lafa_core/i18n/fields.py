"""Messages for Mexican identifiers and spreadsheet fields (lafa_core.fields): each names the
field and says why the value was refused, or what to check when it is only a warning."""

STRINGS = {
    "field.required": ("{field}: es obligatorio.", "{field}: is required."),
    "field.text_required": ("{field}: escribe el valor como texto.", "{field}: enter the value as text."),
    # CURP
    "field.curp_length": ("{field}: la CURP tiene 18 caracteres; esta tiene {length}.",
                          "{field}: a CURP has 18 characters; this one has {length}."),
    "field.curp_name": ("{field}: los primeros 4 caracteres deben ser letras del nombre (el segundo, una vocal o X); "
                        "se leyó «{part}».",
                        "{field}: the first 4 characters must be letters from the name (the second a vowel or X); "
                        "got “{part}”."),
    "field.curp_homoclave": ("{field}: el carácter 17 debe ser un dígito (nacidos antes de 2000) o una letra "
                             "(desde 2000); se leyó «{part}».",
                             "{field}: character 17 must be a digit (born before 2000) or a letter (from 2000); "
                             "got “{part}”."),
    "field.curp_date": ("{field}: la fecha de nacimiento «{part}» (AAMMDD) no existe.",
                        "{field}: the birth date “{part}” (YYMMDD) does not exist."),
    "field.curp_sex": ("{field}: el carácter 11 debe ser H, M o X; se leyó «{part}».",
                       "{field}: character 11 must be H, M or X; got “{part}”."),
    "field.curp_state": ("{field}: «{part}» no es una clave de entidad de nacimiento (por ejemplo DF, MC o NE).",
                         "{field}: “{part}” is not a birth-state code (for example DF, MC or NE)."),
    "field.curp_consonants": ("{field}: los caracteres 14 a 16 deben ser consonantes del nombre; se leyó «{part}».",
                              "{field}: characters 14 to 16 must be consonants from the name; got “{part}”."),
    "field.curp_inconvenient": ("{field}: RENAPO nunca asigna «{part}» (palabra altisonante); revisa la CURP.",
                                "{field}: RENAPO never issues “{part}” (an offensive word); check the CURP."),
    "field.curp_check_digit": ("{field}: el dígito verificador debería ser {expected}, no {found}.",
                               "{field}: the check digit should be {expected}, not {found}."),
    # RFC
    "field.rfc_length": ("{field}: el RFC tiene 13 caracteres (persona física) o 12 (persona moral); "
                         "este tiene {length}.",
                         "{field}: an RFC has 13 characters (individual) or 12 (company); this one has {length}."),
    "field.rfc_name": ("{field}: los primeros {count} caracteres deben ser letras; se leyó «{part}».",
                       "{field}: the first {count} characters must be letters; got “{part}”."),
    "field.rfc_date": ("{field}: la fecha «{part}» (AAMMDD) no existe.",
                       "{field}: the date “{part}” (YYMMDD) does not exist."),
    "field.rfc_homoclave": ("{field}: la homoclave «{part}» sólo lleva letras y números (el último, un dígito o A).",
                            "{field}: the homoclave “{part}” holds only letters and digits (the last a digit or A)."),
    "field.rfc_inconvenient": ("{field}: el SAT nunca asigna «{part}» (palabra altisonante); revisa el RFC.",
                               "{field}: the SAT never issues “{part}” (an offensive word); check the RFC."),
    "field.rfc_check_digit": ("{field}: el dígito verificador debería ser {expected}, no {found}.",
                              "{field}: the check digit should be {expected}, not {found}."),
    # Phone
    "field.phone_characters": ("{field}: sólo dígitos, espacios, guiones, puntos, paréntesis y el prefijo +52.",
                               "{field}: only digits, spaces, dashes, dots, parentheses and the +52 prefix."),
    "field.phone_country": ("{field}: sólo se aceptan teléfonos de México (+52).",
                            "{field}: only Mexican phone numbers (+52) are accepted."),
    "field.phone_length": ("{field}: un teléfono de México tiene 10 dígitos (lada incluida); se leyeron {digits}.",
                           "{field}: a Mexican phone number has 10 digits (area code included); got {digits}."),
    "field.phone_leading": ("{field}: un teléfono de México no empieza con 0 ni con 1; escribe los 10 dígitos "
                            "con la lada, sin 01, 044 ni 045.",
                            "{field}: a Mexican phone number does not start with 0 or 1; enter the 10 digits with "
                            "the area code, without 01, 044 or 045."),
    # VIN
    "field.vin_length": ("{field}: el VIN (NIV) tiene 17 caracteres; este tiene {length}.",
                         "{field}: a VIN has 17 characters; this one has {length}."),
    "field.vin_characters": ("{field}: el VIN (NIV) sólo lleva letras y números.",
                             "{field}: a VIN holds only letters and digits."),
    "field.vin_forbidden_letters": ("{field}: el VIN (NIV) no lleva las letras I, O ni Q (se confunden con 1 y 0); "
                                    "se encontró {letters}.",
                                    "{field}: a VIN never holds the letters I, O or Q (they read as 1 and 0); "
                                    "found {letters}."),
    "field.vin_check_digit": ("{field}: el dígito verificador (posición 9) debería ser {expected}, no {found}; "
                              "revisa que el VIN esté bien copiado.",
                              "{field}: the check digit (position 9) should be {expected}, not {found}; "
                              "check that the VIN is copied correctly."),
    # Plate
    "field.plate_characters": ("{field}: la placa sólo lleva letras, números y guiones.",
                               "{field}: a plate holds only letters, digits and dashes."),
    "field.plate_length": ("{field}: una placa tiene de 5 a 8 letras y números (sin contar guiones); "
                           "esta tiene {length}.",
                           "{field}: a plate has 5 to 8 letters and digits (dashes aside); this one has {length}."),
    "field.plate_digit": ("{field}: una placa lleva al menos un número.", "{field}: a plate holds at least one digit."),
    # Dates
    "field.date_format": ("{field}: escribe la fecha como dd/mm/aaaa (por ejemplo 13/02/2026).",
                          "{field}: write the date as dd/mm/yyyy (for example 13/02/2026)."),
    "field.date_order": ("{field}: no existe el mes {month}; escribe la fecha como dd/mm/aaaa (primero el día).",
                         "{field}: there is no month {month}; write the date as dd/mm/yyyy (day first)."),
    "field.date_impossible": ("{field}: la fecha {text} no existe en el calendario.",
                              "{field}: the date {text} does not exist in the calendar."),
    "field.date_year": ("{field}: el año {year} está fuera de rango ({minimum} a {maximum}).",
                        "{field}: the year {year} is out of range ({minimum} to {maximum})."),
    "field.date_serial": ("{field}: {serial} no es un número de fecha de Excel válido.",
                          "{field}: {serial} is not a valid Excel date number."),
    "field.date_serial_leap_bug": ("{field}: el número 60 de Excel es el 29/02/1900, que no existió; "
                                   "escribe la fecha como dd/mm/aaaa.",
                                   "{field}: Excel's number 60 is 29/02/1900, which never existed; "
                                   "write the date as dd/mm/yyyy."),
    # Times
    "field.time_format": ("{field}: escribe la hora como HH:MM en formato de 24 horas (por ejemplo 08:30 o 17:45).",
                          "{field}: write the time as HH:MM on the 24-hour clock (for example 08:30 or 17:45)."),
    "field.time_range": ("{field}: la hora {text} no existe; va de 00:00 a 23:59:59.",
                         "{field}: the time {text} does not exist; it runs from 00:00 to 23:59:59."),
    "field.time_fraction": ("{field}: una hora de Excel es una fracción del día, de 0 a menos de 1; se leyó {value}.",
                            "{field}: an Excel time is a fraction of a day, from 0 to below 1; got {value}."),
    # Amounts (the rest reuse input.amount_* from lafa_core.i18n.inputs)
    "field.amount_format": ("{field}: escribe el monto con punto decimal y comas de miles, por ejemplo $1,234.50.",
                            "{field}: write the amount with a decimal point and thousands commas, "
                            "for example $1,234.50."),
    "field.amount_negative": ("{field}: el monto no puede ser negativo.", "{field}: the amount cannot be negative."),
}
