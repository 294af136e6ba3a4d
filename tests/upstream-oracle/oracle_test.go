package main

import (
	"flag"
	"fmt"
	"strings"
	"testing"
)

func testJudger(t *testing.T, args ...string) *judger {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	finish := addProfileFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	p, err := finish()
	if err != nil {
		t.Fatal(err)
	}
	return &judger{p: p}
}

func TestSplitDocs(t *testing.T) {
	in := "---\n# only a comment\n---\na: 1\n---\n\n---\nb: 2\n...\nc: 3\n"
	docs := splitDocs("f.yaml", []byte(in))
	if len(docs) != 3 {
		t.Fatalf("got %d docs, want 3: %+v", len(docs), docs)
	}
	for i, want := range []struct {
		line int
		text string
	}{{4, "a: 1\n"}, {8, "b: 2\n"}, {10, "c: 3\n"}} {
		if docs[i].Index != i || docs[i].Line != want.line || string(docs[i].Text) != want.text {
			t.Errorf("doc %d = %+v, want index %d line %d text %q", i, docs[i], i, want.line, want.text)
		}
	}
}

func TestJudge(t *testing.T) {
	const task = "apiVersion: tekton.dev/%s\nkind: Task\nmetadata:\n  %s\nspec:\n  steps:\n  - image: alpine\n    script: echo hi\n%s"
	cases := []struct {
		name     string
		doc      string
		flags    []string
		skip     bool
		accepted bool
		stage    string
		errLine  string // substring of one "path: message" line
	}{
		{name: "unnamed step", doc: fmtDoc(task, "v1", "name: t", ""), accepted: true},
		{name: "generateName only", doc: fmtDoc(task, "v1", "generateName: t-", ""), accepted: true},
		{name: "bad name", doc: fmtDoc(task, "v1", "name: Build_Task", ""), errLine: "metadata.name: invalid resource name"},
		{name: "bad generateName", doc: fmtDoc(task, "v1", "generateName: Build_", ""), errLine: "metadata.name: invalid resource name"},
		{name: "no name", doc: fmtDoc(task, "v1", "labels: {a: b}", ""), stage: "apiserver", errLine: "metadata.name: name or generateName is required"},
		{name: "unknown field in step", doc: fmtDoc(task, "v1", "name: t", "    imagez: x\n"), stage: "decode", errLine: `spec.steps[0].imagez: json: unknown field "imagez"`},
		{name: "unknown field in metadata is ignored", doc: fmtDoc(task, "v1", "name: t\n  bogus: 1", ""), accepted: true},
		{name: "type mismatch", doc: fmtDoc(task, "v1", "name: t", "    args: x\n"), stage: "decode", errLine: "spec.steps.args: json: cannot unmarshal string"},
		{name: "v1 sidecar needs image", doc: fmtDoc(task, "v1", "name: t", "  sidecars:\n  - name: s\n"), errLine: "spec.sidecars.image: missing field(s)"},
		{name: "v1beta1 sidecar without image", doc: fmtDoc(task, "v1beta1", "name: t", "  sidecars:\n  - name: s\n"), accepted: true},
		{name: "enum gated", doc: fmtDoc(task, "v1", "name: t", "  params:\n  - name: p\n    enum: [a]\n"), errLine: "enable-param-enum"},
		{name: "enum on", doc: fmtDoc(task, "v1", "name: t", "  params:\n  - name: p\n    enum: [a]\n"), flags: []string{"-enable-param-enum=true"}, accepted: true},
		{name: "step workspace undeclared", doc: fmtDoc(task, "v1", "name: t", "    workspaces:\n    - name: w\n"), errLine: `spec.steps[0].workspaces[0].name: undefined workspace "w"`},
		{name: "step workspaces gated under stable", doc: fmtDoc(task, "v1", "name: t", "    workspaces:\n    - name: w\n"), flags: []string{"-enable-api-fields=stable"}, errLine: "step workspaces requires"},
		{name: "v1alpha1 task", doc: strings.Replace(fmtDoc(task, "v1", "name: t", ""), "tekton.dev/v1", "tekton.dev/v1alpha1", 1), stage: "apiVersion", errLine: "no matches for kind"},
		{name: "configmap skipped", doc: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", skip: true},
		{name: "v1alpha1 stepaction", doc: "apiVersion: tekton.dev/v1alpha1\nkind: StepAction\nmetadata:\n  name: s\nspec:\n  image: alpine\n", accepted: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := testJudger(t, c.flags...)
			v := j.judge(rawDoc{File: "x.yaml", Text: []byte(c.doc)})
			if c.skip {
				if v != nil {
					t.Fatalf("want skipped, got %+v", v)
				}
				return
			}
			if v == nil {
				t.Fatal("document skipped")
			}
			if v.Accepted != c.accepted {
				t.Fatalf("accepted = %v, want %v; errors %+v", v.Accepted, c.accepted, v.Errors)
			}
			if c.stage != "" && v.Stage != c.stage {
				t.Errorf("stage = %q, want %q", v.Stage, c.stage)
			}
			if c.errLine != "" {
				found := false
				for _, e := range v.Errors {
					if strings.Contains(e.Path+": "+e.Message, c.errLine) {
						found = true
					}
				}
				if !found {
					t.Errorf("no error containing %q in %+v", c.errLine, v.Errors)
				}
			}
		})
	}
}

func fmtDoc(format, version, meta, extra string) string {
	return fmt.Sprintf(format, version, meta, extra)
}
