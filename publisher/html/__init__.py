"""HTML: the print book given to WeasyPrint, the web edition and its search."""
