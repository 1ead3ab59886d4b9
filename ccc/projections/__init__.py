"""The read side: catch-up and rebuild, the rows each event writes, and the queries.

Standard library and sqlite3 for queries; eventsourcing and sqlite-utils only to catch up.
"""
