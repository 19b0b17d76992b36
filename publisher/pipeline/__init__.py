"""Build: plan the editions, cache, workers, the pipeline of stages, outputs."""
