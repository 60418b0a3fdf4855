"""The synthetic company: `build_company(engine, vehicles, weeks, seed)`."""
from lafa_core.generate.company import DatabaseNotEmpty, InvalidCompanySpec, build_company, last_complete_week_end

__all__ = ["DatabaseNotEmpty", "InvalidCompanySpec", "build_company", "last_complete_week_end"]
