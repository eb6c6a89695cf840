"""Reading and writing the data files' YAML: positions kept, pydantic errors located."""
