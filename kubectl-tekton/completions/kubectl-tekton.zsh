#compdef kubectl-tekton
# zsh completion for kubectl-tekton: source <(kubectl-tekton completion zsh)
# The candidates come from `kubectl-tekton __complete WORDS...`: one per line (a tab may
# follow with a description), then `:N`, where N = 0 lets the shell complete file names.
_kubectl_tekton() {
    local -a lines candidates
    lines=("${(@f)$(kubectl-tekton __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    (( ${#lines} )) || return 1
    local directive=${lines[-1]#:}
    lines=("${(@)lines[1,-2]}")
    local line name
    for line in "${lines[@]}"; do
        [[ -n $line ]] || continue
        name=${line%%$'\t'*}
        if [[ $line == *$'\t'* ]]; then
            candidates+=("${name//:/\\:}:${line#*$'\t'}")
        else
            candidates+=("${name//:/\\:}")
        fi
    done
    if (( ${#candidates} )); then
        _describe 'kubectl-tekton' candidates
    elif [[ $directive == 0 ]]; then
        _files
    fi
}
compdef _kubectl_tekton kubectl-tekton
