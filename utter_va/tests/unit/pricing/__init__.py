"""Unit tests of pricing."""
