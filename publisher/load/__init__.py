"""Gather: read publication.yaml, the data and the chapters into one validated Project."""
