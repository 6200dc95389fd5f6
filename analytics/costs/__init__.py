"""Staffing costs: rates, position plan, projection, scenarios and ids, bridge, reports, the scenario store."""
