"""publisher: multilingual report publishing — Markdown + YAML → Jinja → print PDF, digital PDF, HTML."""

__version__ = "0.1.0"
