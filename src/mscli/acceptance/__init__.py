"""Year-end acceptance (验收) records: the files, their checks, the criteria, new record files."""
