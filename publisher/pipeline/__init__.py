"""The pipeline: build() as its stages (stages.py) — load the project, plan the editions, gather the model,
the cache, the workers, what the printer receives besides the PDFs."""
