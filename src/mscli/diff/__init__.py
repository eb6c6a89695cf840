"""What a change to the data does: a git revision against the working tree."""
