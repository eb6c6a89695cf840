"""The circular: its templates, their context and limits, and the PDF."""
