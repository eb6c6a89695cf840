"""Files of the repository made from the data: JSON Schemas and CODEOWNERS."""
