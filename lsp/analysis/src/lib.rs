//! Analysis of Tekton YAML shared by the language server, `tekton-lsp check` and the plugin.
