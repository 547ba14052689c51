"""Benchmarks: page queries and pages through Streamlit (server side), import throughput."""
