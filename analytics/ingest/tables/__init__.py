"""Tabular uploads (rosters, pay schedules): validation with one problem-report shape."""
