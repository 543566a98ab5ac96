"""Operator tools: code run from the command line (fitapp.cli), not use cases of the app."""
