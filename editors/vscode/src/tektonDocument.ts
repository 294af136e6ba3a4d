// Which YAML documents are Tekton's: the extension claims only those, so that it sits beside
// other YAML tooling without adding diagnostics or completions to unrelated files.

/** An `apiVersion: tekton.dev/...` line at the top level of any document in the file. */
const TEKTON_API_VERSION = /^apiVersion:[ \t]*["']?tekton\.dev\//m;

export function isTektonText(text: string): boolean {
  return TEKTON_API_VERSION.test(text);
}
