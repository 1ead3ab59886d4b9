"""Where the log lives: store paths, the event store (mapper, append-only triggers),
canonical JSON and digests."""
