// Command upstream-oracle judges Tekton YAML documents the way the Tekton
// admission webhooks of github.com/tektoncd/pipeline do, and generates
// single-rule mutants of valid documents for differential testing.
//
// Usage:
//
//	upstream-oracle check [flags] PATH...   one JSON line per Tekton document
//	upstream-oracle mutate [flags] PATH...  write mutants and a manifest
//	upstream-oracle summary FILE.jsonl      group verdicts (markdown)
//	upstream-oracle convert -originals DIR -converted DIR   compare v1beta1 → v1 conversions
//
// See README.md for the output formats.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "check":
		err = runCheck(os.Args[2:])
	case "mutate":
		err = runMutate(os.Args[2:])
	case "summary":
		err = runSummary(os.Args[2:])
	case "snippets":
		err = runSnippets(os.Args[2:])
	case "convert":
		err = runConvert(os.Args[2:])
	case "-h", "--help", "help":
		usage()
		return
	default:
		usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "upstream-oracle:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  upstream-oracle check  [profile flags] PATH...            judge files or directories
  upstream-oracle mutate [profile flags] -out DIR PATH...   generate single-rule mutants
  upstream-oracle summary [-prefix P] VERDICTS.jsonl        markdown tables of verdicts
  upstream-oracle snippets TEKTON-RULES.md                  judge the catalogue's violating snippets
  upstream-oracle convert -originals DIR -converted DIR     upstream's v1beta1 → v1 conversion beside ours
run "upstream-oracle check -h" for the profile flags`)
}
