"""Compute: the one module that talks to Nova and Placement."""
