"""Writers: the only modules that put documents, pay schedules and rosters into DuckDB (one transaction each)."""
