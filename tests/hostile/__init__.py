"""Hostile-content corpus (XSS vectors as data) and the structural inertness check the tests share."""
