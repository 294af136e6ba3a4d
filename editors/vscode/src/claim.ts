// Middleware that keeps the server to Tekton documents: other YAML files are never opened on
// the server, get no requests and no diagnostics, so this extension adds nothing to them beside
// other YAML tooling (Red Hat's YAML extension among them).
import type { CancellationToken, Position, TextDocument, Uri } from 'vscode';
import type { BaseLanguageClient, Middleware } from 'vscode-languageclient';
import { DidOpenTextDocumentNotification } from 'vscode-languageclient';

import { isTektonText } from './tektonDocument';

export function tektonOnly(getClient: () => BaseLanguageClient | undefined): Middleware {
  // Documents opened on the server: Tekton when opened, or when an edit made them so.
  const claimed = new Set<string>();
  const isClaimed = (document: TextDocument): boolean => claimed.has(document.uri.toString());

  return {
    didOpen: async (document, next) => {
      if (isTektonText(document.getText())) {
        claimed.add(document.uri.toString());
        await next(document);
      }
    },
    didChange: async (event, next) => {
      const document = event.document;
      if (isClaimed(document)) {
        await next(event);
        return;
      }
      const client = getClient();
      if (client !== undefined && isTektonText(document.getText())) {
        claimed.add(document.uri.toString());
        await client.sendNotification(
          DidOpenTextDocumentNotification.type,
          client.code2ProtocolConverter.asOpenTextDocumentParams(document),
        );
      }
    },
    didSave: async (document, next) => {
      if (isClaimed(document)) {
        await next(document);
      }
    },
    didClose: async (document, next) => {
      if (claimed.delete(document.uri.toString())) {
        await next(document);
      }
    },
    handleDiagnostics: (uri: Uri, diagnostics, next) => {
      if (claimed.has(uri.toString())) {
        next(uri, diagnostics);
      }
    },
    provideCompletionItem: (document, position, context, token, next) =>
      isClaimed(document) ? next(document, position, context, token) : undefined,
    provideHover: (document, position, token, next) =>
      isClaimed(document) ? next(document, position, token) : undefined,
    provideDefinition: (document, position, token, next) =>
      isClaimed(document) ? next(document, position, token) : undefined,
    provideReferences: (document, position, options, token, next) =>
      isClaimed(document) ? next(document, position, options, token) : undefined,
    prepareRename: (document, position, token, next) =>
      isClaimed(document) ? next(document, position, token) : undefined,
    provideRenameEdits: (document, position, newName, token, next) =>
      isClaimed(document) ? next(document, position, newName, token) : undefined,
    provideCodeActions: (document, range, context, token, next) =>
      isClaimed(document) ? next(document, range, context, token) : undefined,
    provideDocumentSymbols: (document, token, next) =>
      isClaimed(document) ? next(document, token) : undefined,
    provideFoldingRanges: (document, context, token, next) =>
      isClaimed(document) ? next(document, context, token) : undefined,
    provideSelectionRanges: (document, positions: readonly Position[], token: CancellationToken, next) =>
      isClaimed(document) ? next(document, positions, token) : undefined,
    provideDocumentLinks: (document, token, next) =>
      isClaimed(document) ? next(document, token) : undefined,
    provideInlayHints: (document, viewPort, token, next) =>
      isClaimed(document) ? next(document, viewPort, token) : undefined,
    provideDocumentSemanticTokens: (document, token, next) =>
      isClaimed(document) ? next(document, token) : undefined,
    provideDocumentSemanticTokensEdits: (document, previousResultId, token, next) =>
      isClaimed(document) ? next(document, previousResultId, token) : undefined,
  };
}
