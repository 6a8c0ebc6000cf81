"""Heartline build scripts: data loading, page generation, leaflets and checks."""
