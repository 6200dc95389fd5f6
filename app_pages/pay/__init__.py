"""The Pay progression page: page script and figures."""
