"""Checking the log without trusting whoever runs it: verify, export, signed checkpoints."""
