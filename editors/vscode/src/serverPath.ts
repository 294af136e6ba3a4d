// Where the tekton-lsp binary comes from: the user's setting, then the binary packaged in the
// extension, then PATH. Pure (file checks are passed in) so the order is unit-tested.
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export interface ServerLocation {
  command: string;
  source: ServerSource;
}

export interface ResolveInput {
  /** `tektonLsp.server.path`, empty when unset. */
  configured: string;
  /** The extension's install folder. */
  extensionPath: string;
  /** The PATH environment variable. */
  pathVariable: string | undefined;
  platform: NodeJS.Platform;
  isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { found: true; location: ServerLocation }
  | { found: false; message: string };

export const SETTING = 'tektonLsp.server.path';

export function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'tekton-lsp.exe' : 'tekton-lsp';
}

export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'bin', executableName(platform));
}

export function resolveServer(input: ResolveInput): Resolution {
  const configured = input.configured.trim();
  if (configured !== '') {
    // A setting that points nowhere is a mistake to report, not a reason to run another binary.
    if (input.isExecutable(configured)) {
      return { found: true, location: { command: configured, source: 'setting' } };
    }
    return {
      found: false,
      message: `Tekton: ${SETTING} is "${configured}", which is not an executable file; fix the setting or clear it to use the bundled server.`,
    };
  }
  const bundled = bundledServerPath(input.extensionPath, input.platform);
  if (input.isExecutable(bundled)) {
    return { found: true, location: { command: bundled, source: 'bundled' } };
  }
  const name = executableName(input.platform);
  const delimiter = input.platform === 'win32' ? ';' : ':';
  for (const folder of (input.pathVariable ?? '').split(delimiter)) {
    if (folder === '') {
      continue;
    }
    const candidate = path.join(folder, name);
    if (input.isExecutable(candidate)) {
      return { found: true, location: { command: candidate, source: 'PATH' } };
    }
  }
  return {
    found: false,
    message: `Tekton: tekton-lsp was not found; install it (pip install tekton-lsp, or cargo install --path . in its repository) or set ${SETTING} to the binary.`,
  };
}
