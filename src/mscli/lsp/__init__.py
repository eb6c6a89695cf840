"""`mscli lsp`: the validator as a language server, so that a clerk sees every problem
`mscli validate` would report, cross-file ones included, while typing."""
