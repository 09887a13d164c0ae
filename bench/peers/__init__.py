"""Peer extractors for bench/extraction.py: venvs, runners, scoring and the report.

The `run_<peer>.py` scripts run inside each peer's own venv and import only `_runner`
(standard library); the other modules run in the project's venv.
"""
