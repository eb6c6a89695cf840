"""Changing progress files in place for clerks (`mscli set`), checked with the whole year."""
