"""Filled in by the complaints work in progress."""
