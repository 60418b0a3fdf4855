"""DaE weekly payroll: the company's pay rule (`rules.weekly_pay`, `rules.explain`, the payroll week
helpers) and the labor law checked beside it (`law.labor_law_on`, data/labor_law.yaml). Pure: no I/O
beyond reading the law file."""
