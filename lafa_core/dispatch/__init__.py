"""Shift dispatch (P0.4): tomorrow's board per depot, confirmations, check-in and check-out."""
