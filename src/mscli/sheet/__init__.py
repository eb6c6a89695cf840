"""The Excel bridge: fill-in workbooks out and back in, and tables as workbooks."""
