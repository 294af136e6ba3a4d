-- tekton-lsp for Neovim 0.11 and later, in the layout nvim-lspconfig uses (`lsp/<name>.lua` on the
-- runtime path, read by `vim.lsp.config`): with this folder on the runtime path,
--   require('tekton_lsp').detect()   -- the `yaml.tekton` filetype
--   vim.lsp.enable('tekton_lsp')
return require('tekton_lsp').lsp_config()
