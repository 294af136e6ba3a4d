# fish completion for kubectl-tekton: kubectl-tekton completion fish | source
# The candidates come from `kubectl-tekton __complete WORDS...`: one per line (a tab may
# follow with a description), then `:N`, where N = 0 lets the shell complete file names.
function __kubectl_tekton_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l lines (kubectl-tekton __complete $words (commandline -ct) 2>/dev/null)
    test (count $lines) -gt 0; or return
    set -l directive (string replace -r '^:' '' -- $lines[-1])
    set -e lines[-1]
    if test (count $lines) -gt 0
        printf '%s\n' $lines
    else if test "$directive" = 0
        __fish_complete_path (commandline -ct)
    end
end
complete -c kubectl-tekton -f -a '(__kubectl_tekton_complete)'
