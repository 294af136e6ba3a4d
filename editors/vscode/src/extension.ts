// Starts tekton-lsp for Tekton YAML and keeps it running: the server log in an output channel,
// its state in the status bar, a restart command, and a restart when the settings change.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

import { tektonOnly } from './claim';
import { resolveServer, SETTING } from './serverPath';
import type { ServerLocation } from './serverPath';
import { serverSettings } from './settings';
import { isTektonText } from './tektonDocument';

const SECTION = 'tektonLsp';
const RESTART_COMMAND = 'tektonLsp.restartServer';
const SHOW_LOG_COMMAND = 'tektonLsp.showServerLog';

let client: LanguageClient | undefined;
let statusBar: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let extensionPath: string;

export function activate(context: vscode.ExtensionContext): void {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('Tekton Language Server');
  statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusBar.command = SHOW_LOG_COMMAND;
  context.subscriptions.push(
    output,
    statusBar,
    vscode.commands.registerCommand(RESTART_COMMAND, () => restart()),
    vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => {
      output.show(true);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (client !== undefined && event.affectsConfiguration(SECTION)) {
        void restart();
      }
    }),
    // The extension activates for any YAML file; the server starts with the first Tekton one.
    vscode.workspace.onDidOpenTextDocument(startFor),
    vscode.workspace.onDidChangeTextDocument((event) => {
      startFor(event.document);
    }),
    { dispose: () => void client?.stop() },
  );
  vscode.workspace.textDocuments.forEach(startFor);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function startFor(document: vscode.TextDocument): void {
  if (client === undefined && document.languageId === 'yaml' && isTektonText(document.getText())) {
    void start();
  }
}

async function start(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const resolution = resolveServer({
    configured: configuration.get<string>('server.path') ?? '',
    extensionPath,
    pathVariable: process.env.PATH,
    platform: process.platform,
    isExecutable,
  });
  if (!resolution.found) {
    showState('error', resolution.message);
    const choice = await vscode.window.showErrorMessage(resolution.message, 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', SETTING);
    }
    return;
  }
  const location = resolution.location;
  output.appendLine(`Starting ${location.command} serve --stdio (found through ${describe(location)}).`);
  const serverOptions: ServerOptions = {
    command: location.command,
    args: ['serve', '--stdio'],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    initializationOptions: serverSettings((key) => configuration.get(key)),
    middleware: tektonOnly(() => client),
  };
  const started = new LanguageClient(SECTION, 'Tekton Language Server', serverOptions, clientOptions);
  client = started;
  started.onDidChangeState((change) => {
    if (change.newState === State.Running) {
      showState('running', `tekton-lsp is running (${location.command}, from ${describe(location)}).`);
    } else if (change.newState === State.Starting) {
      showState('starting', 'tekton-lsp is starting.');
    } else {
      showState('stopped', 'tekton-lsp has stopped; run "Tekton: Restart server" to start it again.');
    }
  });
  try {
    await started.start();
  } catch (error) {
    const message = `Tekton: tekton-lsp did not start (${String(error)}); see the "Tekton Language Server" output, then run "Tekton: Restart server".`;
    showState('error', message);
    void vscode.window.showErrorMessage(message);
  }
}

async function restart(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    // A server that never started cannot be stopped; there is nothing to wait for then.
    await running.stop().catch(() => undefined);
  }
  await start();
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function describe(location: ServerLocation): string {
  switch (location.source) {
    case 'setting':
      return `the setting ${SETTING}`;
    case 'bundled':
      return 'the binary bundled with the extension';
    case 'PATH':
      return 'PATH';
  }
}

function showState(state: 'starting' | 'running' | 'stopped' | 'error', tooltip: string): void {
  const icons = { starting: '$(sync~spin)', running: '$(check)', stopped: '$(debug-stop)', error: '$(error)' };
  statusBar.text = `${icons[state]} Tekton`;
  statusBar.tooltip = tooltip;
  statusBar.show();
}
