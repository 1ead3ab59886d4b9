"""The `ccc` commands, one module per area; ccc.cli loads each on first use."""
