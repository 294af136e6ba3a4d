package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// base is a document upstream accepts, parsed into a generic tree.
type base struct {
	file    string
	index   int
	version string // v1, v1beta1, v1alpha1
	kind    string
	json    []byte
	doc     rawDoc
}

// mctx is what a mutation works on: a private copy of the document.
type mctx struct {
	doc     map[string]any
	kind    string
	version string
	rng     *rand.Rand
	desc    string
}

// mutation breaks exactly one catalogue rule.
type mutation struct {
	rule   string
	kinds  string         // comma list of kinds it applies to ("" = all)
	expect *regexp.Regexp // must match one "path: message" line of upstream's verdict
	apply  func(*mctx) bool
	// weight multiplies the per-rule quota (default 1)
	weight int
	// profile, when set, is applied on top of the command-line profile both
	// to pick base documents (which must still be accepted) and to judge.
	profile *profileOverride
}

// manifestEntry is one line of the manifest.
type manifestEntry struct {
	File         string           `json:"file"`
	Index        int              `json:"index"`
	ExpectedRule string           `json:"expected_rule"`
	Description  string           `json:"description"`
	Source       string           `json:"source"`
	SourceIndex  int              `json:"source_index"`
	Kind         string           `json:"kind"`
	APIVersion   string           `json:"apiVersion"`
	Profile      *profileOverride `json:"profile,omitempty"`
}

type ruleStats struct {
	Rule        string `json:"rule"`
	Kept        int    `json:"kept"`
	Tried       int    `json:"tried"`
	NotApplic   int    `json:"not_applicable"`
	Accepted    int    `json:"dropped_accepted"`
	WrongReason int    `json:"dropped_wrong_reason"`
	Duplicate   int    `json:"dropped_duplicate"`
	OtherErrors int    `json:"kept_with_other_errors"` // kept mutants where some upstream error does not match the expected regex
}

func runMutate(args []string) error {
	fs := flag.NewFlagSet("mutate", flag.ExitOnError)
	finish := addProfileFlags(fs)
	out := fs.String("out", "", "output directory (mutant files and manifest.json)")
	seed := fs.Uint64("seed", 5, "random seed")
	perRule := fs.Int("per-rule", 12, "maximum mutants kept per rule id")
	only := fs.String("rules", "", "comma list of rule ids to generate (default all)")
	verbose := fs.Bool("v", false, "print dropped mutants and their upstream errors to stderr")
	fs.Parse(args)
	p, err := finish()
	if err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return fmt.Errorf("mutate: need -out DIR and at least one PATH")
	}
	j := &judger{p: p}
	files, err := collectFiles(fs.Args())
	if err != nil {
		return err
	}
	var bases []base
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, d := range splitDocs(f, data) {
			v := j.judge(d)
			if v == nil || !v.Accepted {
				continue
			}
			js, err := yaml.YAMLToJSON(d.Text)
			if err != nil {
				continue
			}
			_, ver, _ := strings.Cut(v.APIVersion, "/")
			bases = append(bases, base{file: f, index: d.Index, version: ver, kind: v.Kind, json: js, doc: d})
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, r := range strings.Split(*only, ",") {
		if r != "" {
			want[r] = true
		}
	}
	var manifest []manifestEntry
	var stats []ruleStats
	seen := map[string]bool{}
	fileNo := map[string]int{} // per rule id, across mutations sharing an id
	for _, m := range mutations() {
		if len(want) > 0 && !want[m.rule] {
			continue
		}
		st := ruleStats{Rule: m.rule}
		mj := j
		if !m.profile.empty() {
			mprof, err := p.with(m.profile)
			if err != nil {
				return err
			}
			mj = &judger{p: mprof}
		}
		h := fnv.New64a()
		h.Write([]byte(m.rule))
		rng := rand.New(rand.NewPCG(*seed, h.Sum64()))
		// interleave tekton.dev/v1 and v1beta1 bases so both versions get
		// mutants (the catalog is mostly v1beta1)
		var v1s, others []int
		for _, i := range rng.Perm(len(bases)) {
			if bases[i].version == "v1" {
				v1s = append(v1s, i)
			} else {
				others = append(others, i)
			}
		}
		order := make([]int, 0, len(bases))
		for len(v1s)+len(others) > 0 {
			if len(v1s) > 0 {
				order, v1s = append(order, v1s[0]), v1s[1:]
			}
			if len(others) > 0 {
				order, others = append(order, others[0]), others[1:]
			}
		}
		for _, bi := range order {
			if st.Kept >= *perRule*max(m.weight, 1) {
				break
			}
			b := bases[bi]
			if m.kinds != "" && !containsWord(m.kinds, b.kind) {
				continue
			}
			if mj != j {
				if bv := mj.judge(b.doc); bv == nil || !bv.Accepted {
					continue
				}
			}
			c := &mctx{kind: b.kind, version: b.version, rng: rng}
			dec := json.NewDecoder(bytes.NewReader(b.json))
			dec.UseNumber()
			if err := dec.Decode(&c.doc); err != nil {
				continue
			}
			if !m.apply(c) {
				st.NotApplic++
				continue
			}
			st.Tried++
			y, err := yaml.Marshal(c.doc)
			if err != nil {
				continue
			}
			key := m.rule + "\x00" + string(y)
			if seen[key] {
				st.Duplicate++
				continue
			}
			seen[key] = true
			name := fmt.Sprintf("%s-%03d.yaml", m.rule, fileNo[m.rule])
			path := filepath.Join(*out, m.rule, name)
			v := mj.judge(rawDoc{File: path, Index: 0, Line: 1, Text: y})
			if v == nil {
				continue
			}
			if v.Accepted {
				st.Accepted++
				if *verbose {
					fmt.Fprintf(os.Stderr, "ACCEPTED %s from %s#%d: %s\n", m.rule, b.file, b.index, c.desc)
				}
				continue
			}
			matched := false
			for _, e := range v.Errors {
				if m.expect.MatchString(e.Path + ": " + e.Message) {
					matched = true
					break
				}
			}
			if !matched {
				st.WrongReason++
				if *verbose {
					fmt.Fprintf(os.Stderr, "WRONG %s from %s#%d: %s -> %v\n", m.rule, b.file, b.index, c.desc, v.Errors)
				}
				continue
			}
			for _, e := range v.Errors {
				if !m.expect.MatchString(e.Path + ": " + e.Message) {
					st.OtherErrors++
					if *verbose {
						fmt.Fprintf(os.Stderr, "OTHER %s from %s#%d: %s -> %s: %s\n", m.rule, b.file, b.index, c.desc, e.Path, e.Message)
					}
					break
				}
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, y, 0o644); err != nil {
				return err
			}
			manifest = append(manifest, manifestEntry{File: path, Index: 0, ExpectedRule: m.rule, Description: c.desc,
				Source: b.file, SourceIndex: b.index, Kind: b.kind, APIVersion: "tekton.dev/" + b.version, Profile: m.profile})
			st.Kept++
			fileNo[m.rule]++
		}
		stats = append(stats, st)
	}
	mf, err := json.MarshalIndent(manifest, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "manifest.json"), append(mf, '\n'), 0o644); err != nil {
		return err
	}
	sf, _ := json.MarshalIndent(stats, "", " ")
	if err := os.WriteFile(filepath.Join(*out, "stats.json"), append(sf, '\n'), 0o644); err != nil {
		return err
	}
	ruleSet := map[string]bool{}
	total, acc, wrong := 0, 0, 0
	for _, s := range stats {
		if s.Kept > 0 {
			ruleSet[s.Rule] = true
		}
		total += s.Kept
		acc += s.Accepted
		wrong += s.WrongReason
		fmt.Fprintf(os.Stderr, "%-40s kept %3d  dropped: accepted %3d wrong-reason %3d  (tried %d)\n", s.Rule, s.Kept, s.Accepted, s.WrongReason, s.Tried)
	}
	fmt.Fprintf(os.Stderr, "mutants: %d for %d rule ids from %d accepted base documents; dropped %d accepted by upstream, %d rejected for another reason\n",
		total, len(ruleSet), len(bases), acc, wrong)
	return nil
}

func containsWord(list, w string) bool {
	for _, x := range strings.Split(list, ",") {
		if x == w {
			return true
		}
	}
	return false
}

// ---- generic tree helpers ----

func mp(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func lst(m map[string]any, key string) []any {
	if m == nil {
		return nil
	}
	l, _ := m[key].([]any)
	return l
}

func maps(m map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, x := range lst(m, key) {
		if mm := mp(x); mm != nil {
			out = append(out, mm)
		}
	}
	return out
}

func str(m map[string]any, key string) string {
	if m == nil {
		return ""
	}
	s, _ := m[key].(string)
	return s
}

func appendTo(m map[string]any, key string, vals ...any) {
	m[key] = append(lst(m, key), vals...)
}

func pick[T any](c *mctx, xs []T) T {
	return xs[c.rng.IntN(len(xs))]
}

func clone(v any) any {
	b, _ := json.Marshal(v)
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

func spec(c *mctx) map[string]any { return mp(c.doc["spec"]) }

// taskSpecs returns every TaskSpec of the document: a Task's spec, a
// TaskRun's taskSpec, embedded taskSpecs of pipeline tasks (also inside a
// PipelineRun's pipelineSpec). Custom-task specs are skipped.
func taskSpecs(c *mctx) []map[string]any {
	s := spec(c)
	if s == nil {
		return nil
	}
	var out []map[string]any
	switch c.kind {
	case "Task":
		out = append(out, s)
	case "TaskRun":
		if ts := mp(s["taskSpec"]); ts != nil {
			out = append(out, ts)
		}
	}
	for _, ps := range pipelineSpecs(c) {
		for _, pt := range append(maps(ps, "tasks"), maps(ps, "finally")...) {
			if ts := mp(pt["taskSpec"]); ts != nil && str(ts, "apiVersion") == "" {
				out = append(out, ts)
			}
		}
	}
	return out
}

// standaloneTaskSpec is the spec of a Task (where param references are
// checked against the Task's own params).
func standaloneTaskSpec(c *mctx) map[string]any {
	if c.kind == "Task" {
		return spec(c)
	}
	return nil
}

func pipelineSpecs(c *mctx) []map[string]any {
	s := spec(c)
	if s == nil {
		return nil
	}
	switch c.kind {
	case "Pipeline":
		return []map[string]any{s}
	case "PipelineRun":
		if ps := mp(s["pipelineSpec"]); ps != nil {
			return []map[string]any{ps}
		}
	}
	return nil
}

func standalonePipeline(c *mctx) map[string]any {
	if c.kind == "Pipeline" {
		return spec(c)
	}
	return nil
}

// plainSteps are steps without a StepAction ref.
func plainSteps(ts map[string]any) []map[string]any {
	var out []map[string]any
	for _, st := range maps(ts, "steps") {
		if st["ref"] == nil {
			out = append(out, st)
		}
	}
	return out
}

func pickStep(c *mctx, filter func(ts, st map[string]any) bool) (map[string]any, map[string]any) {
	type pair struct{ ts, st map[string]any }
	var cands []pair
	for _, ts := range taskSpecs(c) {
		for _, st := range plainSteps(ts) {
			if filter == nil || filter(ts, st) {
				cands = append(cands, pair{ts, st})
			}
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	p := pick(c, cands)
	return p.ts, p.st
}

func pickTaskSpec(c *mctx) map[string]any {
	ts := taskSpecs(c)
	if len(ts) == 0 {
		return nil
	}
	return pick(c, ts)
}

func pickPipelineSpec(c *mctx) map[string]any {
	ps := pipelineSpecs(c)
	if len(ps) == 0 {
		return nil
	}
	return pick(c, ps)
}

func tasksOf(ps map[string]any) []map[string]any   { return maps(ps, "tasks") }
func finallyOf(ps map[string]any) []map[string]any { return maps(ps, "finally") }

// referenced reports whether a pipeline task name is used by runAfter or a
// $(tasks.NAME.…) reference anywhere in the pipeline spec.
func referenced(ps map[string]any, name string) bool {
	b, _ := json.Marshal(ps)
	s := string(b)
	if strings.Contains(s, "tasks."+name+".") || strings.Contains(s, "finally."+name+".") {
		return true
	}
	for _, t := range append(tasksOf(ps), finallyOf(ps)...) {
		for _, r := range lst(t, "runAfter") {
			if r == name {
				return true
			}
		}
	}
	return false
}

// taskWithRef returns a random pipeline task (tasks or finally) using a plain
// Tekton taskRef by name.
func pickRefTask(c *mctx, ps map[string]any, finally bool) map[string]any {
	src := tasksOf(ps)
	if finally {
		src = finallyOf(ps)
	}
	var cands []map[string]any
	for _, t := range src {
		tr := mp(t["taskRef"])
		if tr != nil && str(tr, "name") != "" && str(tr, "apiVersion") == "" && str(tr, "resolver") == "" && (str(tr, "kind") == "" || str(tr, "kind") == "Task") {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return pick(c, cands)
}

func pickTask(c *mctx, ps map[string]any, finally bool) map[string]any {
	src := tasksOf(ps)
	if finally {
		src = finallyOf(ps)
	}
	if len(src) == 0 {
		return nil
	}
	return pick(c, src)
}

// stringParam returns a random param of the pipeline task whose value is a string.
func stringParam(c *mctx, t map[string]any) map[string]any {
	var cands []map[string]any
	for _, p := range maps(t, "params") {
		if _, ok := p["value"].(string); ok {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return pick(c, cands)
}

// setParamValue replaces the value of a string param of t, or adds a new
// param when t has none.
func setParamValue(c *mctx, t map[string]any, val string) string {
	if p := stringParam(c, t); p != nil {
		p["value"] = val
		return fmt.Sprintf("param %q of task %q set to %q", str(p, "name"), str(t, "name"), val)
	}
	appendTo(t, "params", map[string]any{"name": "zz-extra", "value": val})
	return fmt.Sprintf("task %q gets param zz-extra = %q", str(t, "name"), val)
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// appendScript adds a line to the step's script (or creates one when the
// step has neither script nor command).
func appendScript(st map[string]any, line string) bool {
	if s, ok := st["script"].(string); ok {
		st["script"] = s + "\n" + line + "\n"
		return true
	}
	if st["command"] != nil || st["args"] != nil {
		return false
	}
	st["script"] = "#!/bin/sh\n" + line + "\n"
	return true
}

func scriptable(ts, st map[string]any) bool {
	if _, ok := st["script"].(string); ok {
		return true
	}
	return st["command"] == nil && st["args"] == nil && mp(ts["stepTemplate"])["command"] == nil
}

// paramNames returns the declared param names of a spec.
func paramNames(s map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, p := range maps(s, "params") {
		out[str(p, "name")] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
