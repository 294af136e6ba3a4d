# bash completion for kubectl-tekton: source <(kubectl-tekton completion bash)
# The candidates come from `kubectl-tekton __complete WORDS...`: one per line (a tab may
# follow with a description), then `:N`, where N = 0 lets the shell complete file names.
_kubectl_tekton() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local IFS=$'\n'
    local -a lines
    lines=($(kubectl-tekton __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    COMPREPLY=()
    (( ${#lines[@]} )) || return 0
    local directive=${lines[${#lines[@]}-1]#:}
    unset "lines[${#lines[@]}-1]"
    local line
    for line in "${lines[@]}"; do
        line=${line%%$'\t'*}
        [[ $line == "$cur"* ]] && COMPREPLY+=("$line")
    done
    if (( ${#COMPREPLY[@]} == 0 )) && [[ $directive == 0 ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _kubectl_tekton kubectl-tekton
