"""Reports drafted from the log: the activities paper, case dossiers, checks, summaries."""
