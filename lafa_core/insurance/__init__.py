"""Vehicle insurance: which policy covers a vehicle on a day ("insured on a day" lives in
lafa_core.ledger.sql with the other day rules), renewals coming due, vehicles without cover."""
