"""Filled in by the plan work in progress."""
