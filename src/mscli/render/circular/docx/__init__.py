"""The circular and the acceptance checklist typeset as .docx per GB/T 9704."""
