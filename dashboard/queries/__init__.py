"""Data only, no language: SQL reads under the portfolio filter, returning frames and dataclasses."""
