"""Pay: grade rules, step tables, trajectories, career pay paths and bands."""
