"""Chapter text: the sandbox, the Markdown dialect, documents and numbering, locale, catalogs, translation status."""
