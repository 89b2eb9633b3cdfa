"""Local servers that speak payment processors' protocols."""
