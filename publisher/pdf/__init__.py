"""PDF: WeasyPrint and its patches, fonts, colour (ICC, CMYK), prepress (PDF/X, marks), preflight, print runs."""
