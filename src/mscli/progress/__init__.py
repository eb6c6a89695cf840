"""Lead units' quarterly reports: the files, their checks, submission, a new quarter's drafts."""
