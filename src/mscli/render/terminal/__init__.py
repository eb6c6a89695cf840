"""Views for the terminal and for pipes: tables, JSON, Markdown, CSV."""
