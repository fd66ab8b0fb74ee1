"""Importers: read blog exports (WordPress WXR, Blogger Atom, WP REST JSON) into raw records."""
