"""Writes to the library, one module per concern (see docs/architecture.md)."""
