"""conclab: an autograded course in Python concurrency."""

__version__ = "0.1.0"
