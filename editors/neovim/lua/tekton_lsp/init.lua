-- tekton-lsp for Neovim: marks Tekton YAML files with the `yaml.tekton` filetype and starts
-- `tekton-lsp serve` for them, one server per project root. Works with Neovim 0.7 (Debian 12's)
-- and later: `vim.lsp.start` where it exists, `vim.lsp.start_client` before it.

local M = {}

local defaults = {
  -- The server command; `tekton-lsp` must be on PATH (`cargo install --path .` in this
  -- repository puts it there).
  cmd = { 'tekton-lsp', 'serve' },
  -- A project's root is the nearest folder above the file holding one of these; the server
  -- indexes that folder for references across files.
  root_markers = { '.tekton-lsp.toml', '.git' },
  -- How many lines at the top of a YAML file are searched for a Tekton `apiVersion`.
  detect_lines = 200,
  -- Called as on_attach(client, bufnr) when the server attaches to a buffer (key mappings).
  on_attach = nil,
}

local options = vim.deepcopy(defaults)

-- Clients started with `vim.lsp.start_client` (Neovim 0.7), by root folder.
local clients = {}

--- Whether a buffer holds Tekton YAML: an `apiVersion: tekton.dev/...` line near the top (any
--- document of a multi-document file).
function M.is_tekton(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, options.detect_lines, false)
  for _, line in ipairs(lines) do
    if line:match('^%s*apiVersion:%s*["\']?tekton%.dev/') then
      return true
    end
  end
  return false
end

local function exists(path)
  return (vim.loop.fs_stat(path)) ~= nil
end

--- The project root of a file: the nearest folder with a root marker, else the file's folder.
function M.root(path)
  local start = vim.fn.fnamemodify(path, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(options.root_markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local function start(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return
  end
  local root = M.root(path)
  local config = {
    name = 'tekton-lsp',
    cmd = options.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    on_attach = function(client, attached)
      -- Neovim 0.7 leaves omnifunc unset; <C-x><C-o> then completes from the server.
      if vim.bo[attached].omnifunc == '' then
        vim.bo[attached].omnifunc = 'v:lua.vim.lsp.omnifunc'
      end
      if options.on_attach then
        options.on_attach(client, attached)
      end
    end,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Gives Tekton YAML buffers the `yaml.tekton` filetype, and starts nothing: for those who start
--- the server themselves (`vim.lsp.enable('tekton_lsp')` with lsp/tekton_lsp.lua, or
--- `vim.lsp.start` in a `yaml.tekton` FileType autocommand). Returns the autocommand group.
function M.detect(opts)
  options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup('tekton_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'yaml',
    -- Nested, so that setting the filetype below runs the `yaml.tekton` autocommands.
    nested = true,
    callback = function(args)
      if M.is_tekton(args.buf) then
        vim.bo[args.buf].filetype = 'yaml.tekton'
      end
    end,
  })
  -- Tree-sitter highlighting (Neovim 0.9 and later) parses `yaml.tekton` as YAML.
  if vim.treesitter and vim.treesitter.language and vim.treesitter.language.register then
    pcall(vim.treesitter.language.register, 'yaml', 'yaml.tekton')
  end
  return group
end

--- The server's configuration in the form of Neovim 0.11's `vim.lsp.config` (and of
--- nvim-lspconfig's `lsp/<name>.lua` files), from the current options; lsp/tekton_lsp.lua
--- returns it.
function M.lsp_config()
  return {
    cmd = options.cmd,
    filetypes = { 'yaml.tekton' },
    root_markers = options.root_markers,
  }
end

--- Sets up detection and the server. `opts` overrides any of the defaults above.
function M.setup(opts)
  local group = M.detect(opts)
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'yaml.tekton',
    callback = function(args)
      start(args.buf)
    end,
  })
end

return M
