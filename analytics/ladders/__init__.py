"""Career ladders: promotion edges, title matching, eligibility and the person view."""
