"""A county's year as one file for the prefecture (mscli bundle): its catalogue ids and targets,
each quarter's submitted results, its acceptance verdicts, and where the data came from."""
