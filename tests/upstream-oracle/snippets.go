package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"
)

var (
	ruleRowRe  = regexp.MustCompile("^\\| (\\d+) \\| `([a-z0-9-]+)` \\|")
	backtickRe = regexp.MustCompile("`([^`]+)`")
)

// splitRow splits a markdown table row on unescaped pipes.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+1 < len(line) && line[i+1] == '|' {
			cur.WriteByte('|')
			i++
			continue
		}
		if line[i] == '|' {
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		}
		cur.WriteByte(line[i])
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// runSnippets wraps every stage A/W "minimal violating snippet" of the rules
// catalogue into a tekton.dev/v1 document, judges it (under the profile the
// rule's mutation uses) and reports whether upstream rejects it with the
// error the mutation generator expects for that rule.
func runSnippets(args []string) error {
	fs := flag.NewFlagSet("snippets", flag.ExitOnError)
	finish := addProfileFlags(fs)
	fs.Parse(args)
	p, err := finish()
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("snippets: need the path of tekton-rules.md")
	}
	byRule := map[string]mutation{}
	for _, m := range mutations() {
		if _, ok := byRule[m.rule]; !ok {
			byRule[m.rule] = m
		}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Println("| # | rule id | snippet verdict | upstream errors |")
	fmt.Println("|---:|---|---|---|")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		m := ruleRowRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cells := splitRow(line)
		if len(cells) < 8 || !(strings.HasPrefix(cells[5], "A") || strings.HasPrefix(cells[5], "W")) {
			continue
		}
		num, rule, kinds, snipCell := m[1], m[2], cells[3], cells[len(cells)-1]
		verdictText, detail := judgeSnippet(p, byRule[rule], rule, kinds, snipCell)
		detail = strings.ReplaceAll(strings.ReplaceAll(detail, "\n", " "), "|", "\\|")
		fmt.Printf("| %s | `%s` | %s | %s |\n", num, rule, verdictText, detail)
	}
	return sc.Err()
}

func judgeSnippet(base *profile, mut mutation, rule, kinds, cell string) (string, string) {
	bt := backtickRe.FindStringSubmatch(cell)
	if bt == nil {
		return "no snippet", ""
	}
	snip := strings.TrimSpace(bt[1])
	var frag map[string]any
	if err := yaml.Unmarshal([]byte(snip), &frag); err != nil || frag == nil {
		return "no snippet", "not a YAML mapping: `" + snip + "`"
	}
	doc := map[string]any{"apiVersion": "tekton.dev/v1", "metadata": map[string]any{"name": "snippet"}}
	var spec map[string]any
	kind := ""
	switch {
	case frag["apiVersion"] != nil || frag["metadata"] != nil || frag["spec"] != nil:
		for k, v := range frag {
			doc[k] = v
		}
		spec, _ = doc["spec"].(map[string]any)
	case frag["when"] != nil || frag["matrix"] != nil || frag["name"] != nil:
		t := map[string]any{"name": "a", "taskRef": map[string]any{"name": "t"}}
		for k, v := range frag {
			t[k] = v
		}
		spec = map[string]any{"tasks": []any{t}}
		kind = "Pipeline"
	default:
		spec = frag
	}
	if kind == "" {
		kind, _ = doc["kind"].(string)
	}
	if kind == "" {
		kind = guessKind(spec, kinds, cell)
	}
	doc["kind"] = kind
	if _, ok := doc["spec"]; !ok {
		if spec == nil {
			spec = map[string]any{}
			if kind == "Task" {
				spec["steps"] = []any{map[string]any{"image": "a"}}
			}
		}
		doc["spec"] = spec
	}
	js, _ := json.Marshal(doc)
	y, _ := yaml.JSONToYAML(js)
	p := base
	if !mut.profile.empty() {
		var err error
		if p, err = base.with(mut.profile); err != nil {
			return "error", err.Error()
		}
	}
	v := (&judger{p: p}).judge(rawDoc{File: "snippet", Text: y})
	if v == nil {
		return "skipped", ""
	}
	var errs []string
	matched := false
	for _, e := range v.Errors {
		s := strings.ReplaceAll(e.Path+": "+e.Message, "\n", " ")
		if mut.expect != nil && mut.expect.MatchString(s) {
			matched = true
		}
		if len(s) > 100 {
			s = s[:100] + "…"
		}
		errs = append(errs, "`"+strings.ReplaceAll(s, "`", "'")+"`")
	}
	prof := ""
	if !mut.profile.empty() {
		b, _ := json.Marshal(mut.profile)
		prof = " (profile " + string(b) + ")"
	}
	switch {
	case v.Accepted:
		return "**accepted**" + prof, "as " + kind
	case matched:
		return "rejected as expected" + prof, strings.Join(errs, "<br>")
	case mut.expect == nil:
		return "rejected (no expectation)", strings.Join(errs, "<br>")
	default:
		return "**rejected for another reason**" + prof, kind + ": " + strings.Join(errs, "<br>")
	}
}

func guessKind(spec map[string]any, kinds, cell string) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := spec[k]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case strings.Contains(cell, "(TR)"):
		return "TaskRun"
	case has("tasks", "finally"):
		return "Pipeline"
	case has("steps", "sidecars", "volumes", "stepTemplate"):
		return "Task"
	case has("pipelineRef", "pipelineSpec", "timeouts", "taskRunSpecs"):
		return "PipelineRun"
	case has("taskRef", "taskSpec", "debug", "stepSpecs", "retries", "computeResources", "podTemplate", "status"):
		return "TaskRun"
	}
	first := strings.TrimSpace(strings.Split(kinds, ",")[0])
	switch first {
	case "P~", "P":
		return "Pipeline"
	case "TR":
		return "TaskRun"
	case "PR":
		return "PipelineRun"
	}
	return "Task"
}
