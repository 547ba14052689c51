"""Data to start from: the demo portfolio, generated large portfolios, demo accounts and the shared bulk writer."""
