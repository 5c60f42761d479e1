"""Helpers shared by the browser tests, the screenshot script and the benchmarks:
serve an app on a free local port and drive the system Chromium headless."""
