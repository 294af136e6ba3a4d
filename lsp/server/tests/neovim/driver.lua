-- Drives a headless Neovim for the end-to-end test (main.rs): loads the shipped plugin
-- (editors/neovim) as a user would, opens a file, runs the steps of a JSON script through
-- Neovim's own LSP client, and writes what Neovim saw as JSON. Steps:
--   {action = "indexed"}                      wait for the end of the server's indexing
--   {action = "diagnostics", at_least = N}    the diagnostics shown, once there are N
--   {action = "completion", line, character}  the labels of the completion items
--   {action = "rename", line, character, new_name}  applies the rename, writes every buffer
--
-- Environment: TEKTON_NVIM_PLUGIN (the plugin folder), TEKTON_LSP (the server binary),
-- TEKTON_E2E_MODE (`setup`: the plugin's setup(); `lsp-config`: its detect() and lsp/tekton_lsp.lua),
-- TEKTON_E2E_FILE (the file to open), TEKTON_E2E_SCRIPT (the steps), TEKTON_E2E_OUT (results).

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    error(name .. ' is not set')
  end
  return value
end

local function write(path, text)
  local file = assert(io.open(path, 'w'))
  file:write(text)
  file:close()
end

local out = env('TEKTON_E2E_OUT')
local ok, failure = pcall(function()
  -- Notes the end of the server's indexing (work-done progress) before Neovim's own handler.
  local indexed = false
  local progress = vim.lsp.handlers['$/progress']
  vim.lsp.handlers['$/progress'] = function(err, result, ctx, config)
    if result and result.value and result.value.kind == 'end' then
      indexed = true
    end
    return progress(err, result, ctx, config)
  end

  vim.opt.runtimepath:prepend(env('TEKTON_NVIM_PLUGIN'))
  vim.cmd('filetype on')
  local cmd = { env('TEKTON_LSP'), 'serve' }
  if env('TEKTON_E2E_MODE') == 'setup' then
    require('tekton_lsp').setup({ cmd = cmd })
  else
    -- 'lsp-config': the plugin's detection only, and the server from lsp/tekton_lsp.lua.
    require('tekton_lsp').detect({ cmd = cmd })
    if vim.lsp.enable then
      vim.lsp.enable('tekton_lsp')
    else
      -- Before Neovim 0.11 there is no vim.lsp.enable: start the file's config as it would,
      -- for the filetypes the config names, at the workspace root (the test's working folder).
      local config = dofile(env('TEKTON_NVIM_PLUGIN') .. '/lsp/tekton_lsp.lua')
      local root = vim.fn.getcwd()
      vim.api.nvim_create_autocmd('FileType', {
        pattern = config.filetypes,
        callback = function(args)
          local id = vim.lsp.start_client({
            name = 'tekton_lsp',
            cmd = config.cmd,
            root_dir = root,
            workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          })
          vim.lsp.buf_attach_client(args.buf, id)
        end,
      })
    end
  end

  local script = vim.fn.json_decode(table.concat(vim.fn.readfile(env('TEKTON_E2E_SCRIPT')), '\n'))
  vim.cmd('edit ' .. vim.fn.fnameescape(env('TEKTON_E2E_FILE')))
  local results = { filetype = vim.bo.filetype, steps = {} }
  local attached = vim.wait(30000, function()
    return next(vim.lsp.buf_get_clients(0)) ~= nil
  end, 20)
  results.attached = attached

  for _, step in ipairs(script) do
    local result = {}
    if step.action == 'indexed' then
      result.indexed = vim.wait(30000, function()
        return indexed
      end, 20)
    elseif step.action == 'diagnostics' then
      vim.wait(30000, function()
        return #vim.diagnostic.get(0) >= step.at_least
      end, 20)
      for _, d in ipairs(vim.diagnostic.get(0)) do
        table.insert(result, {
          line = d.lnum, column = d.col, end_line = d.end_lnum, end_column = d.end_col,
          severity = d.severity, message = d.message, source = d.source,
          code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
        })
      end
    elseif step.action == 'completion' then
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(0) },
        position = { line = step.line, character = step.character },
      }
      local responses = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 20000) or {}
      for _, response in pairs(responses) do
        local items = response.result and (response.result.items or response.result) or {}
        for _, item in ipairs(items) do
          table.insert(result, item.label)
        end
      end
    elseif step.action == 'rename' then
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(0) },
        position = { line = step.line, character = step.character },
        newName = step.new_name,
      }
      local responses = vim.lsp.buf_request_sync(0, 'textDocument/rename', params, 20000) or {}
      for id, response in pairs(responses) do
        if response.result then
          local client = vim.lsp.get_client_by_id(id)
          vim.lsp.util.apply_workspace_edit(response.result, client.offset_encoding)
          result.applied = true
        end
        result.error = response.err and response.err.message
      end
      vim.cmd('silent! wall')
    end
    table.insert(results.steps, result)
  end
  write(out, vim.fn.json_encode(results))
end)
if not ok then
  write(out, vim.fn.json_encode({ error = tostring(failure) }))
end
vim.cmd('qa!')
