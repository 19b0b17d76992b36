"""PDF: WeasyPrint, fonts, prepress (PDF/X, CMYK, boxes), preflight, print runs, job sheet."""
