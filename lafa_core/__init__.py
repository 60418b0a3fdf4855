"""LAFA Control Tower domain logic. Never imports streamlit."""
