"""Heartline's test suite."""
