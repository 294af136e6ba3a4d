//! Workspaces for the feature tests: files written inline, one of them with a `█` cursor
//! marker (tombi's style), analysed as the language server would.

#![allow(dead_code, reason = "each test file uses part of the support")]

use tekton_analysis::{AnalysisConfig, FileRef, Workspace, analyze_file};

/// A workspace and the cursor: the file holding the `█` and the marker's byte offset.
pub struct Fixture {
    pub workspace: Workspace,
    pub file: FileRef,
    pub offset: usize,
}

/// Analyses `files` (`(name, text)`) into one workspace; exactly one text holds a `█`.
pub fn fixture(files: &[(&str, &str)]) -> Fixture {
    let config = AnalysisConfig::default();
    let mut workspace = Workspace::new();
    let mut cursor = None;
    for (name, text) in files {
        let file = FileRef::from(*name);
        let text = match text.find('█') {
            Some(offset) => {
                cursor = Some((file.clone(), offset));
                text.replacen('█', "", 1)
            }
            None => (*text).to_owned(),
        };
        workspace.insert(file, analyze_file(&text, &config));
    }
    let (file, offset) = cursor.expect("one file has a █ cursor marker");
    Fixture {
        workspace,
        file,
        offset,
    }
}

/// One file with the cursor, alone in its workspace.
pub fn single(text: &str) -> Fixture {
    fixture(&[("main.yaml", text)])
}

/// The text of a file of the fixture.
pub fn text<'a>(fixture: &'a Fixture, file: &str) -> &'a str {
    fixture
        .workspace
        .get(&FileRef::from(file))
        .map(|analysis| analysis.text.as_str())
        .expect("the file is in the workspace")
}

/// A Task in its own file, for pipelines to reference.
pub const BUILD_TASK: &str = "\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  description: Builds the image.
  params:
    - name: revision
      description: The commit to build.
    - name: flags
      type: array
      default: []
    - name: image
      default: registry/app
  workspaces:
    - name: source
    - name: cache
      optional: true
  results:
    - name: digest
      description: The image digest.
    - name: url
  steps:
    - name: compile
      image: golang
      script: go build
";
