"""A fault-injecting loopback WordPress-like blog: every response of certain URLs broken on purpose (issue 7)."""
