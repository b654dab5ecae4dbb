"""crypto-diff: compare the figures that several news reports give for the same event."""

__version__ = "0.1.0"
