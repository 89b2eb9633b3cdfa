"""Unit tests: no network; fake:// transport and sqlite in memory."""
