"""What a quarter or the year comes to: summary, completion, circular issue, 催办, acceptance checklist."""
