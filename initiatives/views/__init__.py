"""Initiatives' pages: the home page, an initiative's page, and closing it with an outcome."""
