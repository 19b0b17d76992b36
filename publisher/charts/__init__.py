"""Charts: specs, their data tables, drawing with matplotlib, cached SVGs."""
