package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

var (
	quotedRe = regexp.MustCompile(`"[^"]*"`)
	indexRe  = regexp.MustCompile(`\[[^\]]*\]`)
	numRe    = regexp.MustCompile(`\d+`)
)

// runSummary groups the verdicts of a JSON-lines file: accepted/rejected per
// apiVersion and kind, and rejected documents per normalised first error.
func runSummary(args []string) error {
	fs := flag.NewFlagSet("summary", flag.ExitOnError)
	prefix := fs.String("prefix", "", "only count documents whose file starts with this prefix")
	list := fs.Bool("list", false, "also list every rejected document with its first error")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return fmt.Errorf("summary: need one verdicts.jsonl file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	type kc struct{ acc, rej int }
	kinds := map[string]*kc{}
	reasons := map[string]int{}
	examples := map[string]string{}
	var rejected []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var v verdict
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return err
		}
		if !strings.HasPrefix(v.File, *prefix) {
			continue
		}
		k := v.APIVersion + " " + v.Kind
		if kinds[k] == nil {
			kinds[k] = &kc{}
		}
		if v.Accepted {
			kinds[k].acc++
			continue
		}
		kinds[k].rej++
		if *list && len(v.Errors) > 0 {
			e := v.Errors[0]
			msg := e.Message
			if len(msg) > 110 {
				msg = msg[:110] + "…"
			}
			more := ""
			if len(v.Errors) > 1 {
				more = fmt.Sprintf(" (+%d)", len(v.Errors)-1)
			}
			rejected = append(rejected, fmt.Sprintf("| %s#%d | %s %s | %s | `%s` %s%s |", strings.TrimPrefix(v.File, *prefix), v.Index,
				strings.TrimPrefix(v.APIVersion, "tekton.dev/"), v.Kind, v.Stage, e.Path, strings.ReplaceAll(strings.ReplaceAll(msg, "|", "\\|"), "\n", " "), more))
		}
		// one reason per document: the set of distinct normalised errors
		set := map[string]bool{}
		for _, e := range v.Errors {
			p := numRe.ReplaceAllString(indexRe.ReplaceAllString(e.Path, "[]"), "N")
			m := e.Message
			if len(m) > 90 {
				m = m[:90] + "…"
			}
			if !strings.HasPrefix(m, "json: unknown field") && !strings.HasPrefix(m, "no matches for kind") {
				m = numRe.ReplaceAllString(quotedRe.ReplaceAllString(m, `"…"`), "N")
			}
			set[v.Stage+" | "+p+" | "+m] = true
		}
		var parts []string
		for s := range set {
			parts = append(parts, s)
		}
		sort.Strings(parts)
		key := strings.Join(parts, " + ")
		reasons[key]++
		if _, ok := examples[key]; !ok {
			examples[key] = fmt.Sprintf("%s#%d", v.File, v.Index)
		}
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	fmt.Println("| apiVersion kind | accepted | rejected |")
	fmt.Println("|---|---:|---:|")
	ta, tr := 0, 0
	for _, k := range ks {
		fmt.Printf("| %s | %d | %d |\n", k, kinds[k].acc, kinds[k].rej)
		ta += kinds[k].acc
		tr += kinds[k].rej
	}
	fmt.Printf("| **total** | %d | %d |\n\n", ta, tr)
	var rs []string
	for r := range reasons {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		if reasons[rs[i]] != reasons[rs[j]] {
			return reasons[rs[i]] > reasons[rs[j]]
		}
		return rs[i] < rs[j]
	})
	fmt.Println("| docs | stage \\| path \\| message (normalised) | example |")
	fmt.Println("|---:|---|---|")
	for _, r := range rs {
		fmt.Printf("| %d | %s | %s |\n", reasons[r], strings.ReplaceAll(r, "|", "\\|"), examples[r])
	}
	if *list {
		fmt.Println()
		fmt.Println("| document | kind | stage | first error |")
		fmt.Println("|---|---|---|---|")
		for _, r := range rejected {
			fmt.Println(r)
		}
	}
	return sc.Err()
}
