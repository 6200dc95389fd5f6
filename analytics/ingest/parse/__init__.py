"""The class-spec parser: sections, titles, requirements, salaries and relations, each fact with its span."""
