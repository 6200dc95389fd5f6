"""What several pages share: the connection and query loaders, URL state, evidence rendering and the theme."""
