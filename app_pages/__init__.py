"""Streamlit pages: one script per page, or one folder per larger page; shared/ holds what several pages use."""
