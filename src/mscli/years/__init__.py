"""A year of data loaded and checked together, the kept (archived) years, and the new year."""
