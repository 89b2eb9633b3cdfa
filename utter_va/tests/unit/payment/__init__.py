"""Unit tests of payments."""
