"""Career-ladder and workforce-planning analytics: ingestion, ladders, pay and staffing costs."""
