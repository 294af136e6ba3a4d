/// Print a shell completion script: `source <(kubectl-tekton completion bash)`.
///
/// The script asks `kubectl-tekton __complete` for the candidates, so Task, Pipeline and run
/// names come from the cluster (given up on after a second, so a slow cluster never hangs
/// the shell). For `kubectl tekton <TAB>` (kubectl 1.26+), put the `kubectl_complete-tekton`
/// executable (installed beside kubectl-tekton) on PATH; kubectl's own completion then
/// calls it.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// bash, zsh or fish.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}
