"""Serving the built site: the nginx configuration, and nginx run for tests and benchmarks."""
