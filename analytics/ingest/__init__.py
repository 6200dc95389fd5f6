"""Ingestion: extract text and tables from files, parse class specs, normalise, validate uploads, load DuckDB."""
