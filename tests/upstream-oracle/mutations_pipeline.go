package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

func pipelineMutations() []mutation {
	return []mutation{
		// ---- 1.E pipeline tasks ----
		{rule: "pipeline-spec-empty", kinds: "Pipeline", expect: re(`expected at least one, got none`), apply: func(c *mctx) bool {
			c.doc["spec"] = map[string]any{}
			c.desc = "spec: {}"
			return true
		}},
		{rule: "pipeline-task-name-not-dns-label", expect: re(`(tasks|finally)\[\d+\]\.name: invalid value`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickTask(c, ps, c.rng.IntN(3) == 0)
			if t == nil || referenced(ps, str(t, "name")) {
				return false
			}
			c.desc = fmt.Sprintf("pipeline task %q renamed Build_Task", str(t, "name"))
			t["name"] = "Build_Task"
			return true
		}},
		{rule: "pipeline-task-name-unique", expect: re(`name: expected exactly one, got both`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil || len(tasksOf(ps)) == 0 {
				return false
			}
			all := append(tasksOf(ps), finallyOf(ps)...)
			if len(all) < 2 {
				return false
			}
			i := c.rng.IntN(len(all) - 1)
			a, b := all[i], all[i+1]
			if referenced(ps, str(b, "name")) {
				return false
			}
			c.desc = fmt.Sprintf("pipeline task %q renamed to %q (duplicate)", str(b, "name"), str(a, "name"))
			b["name"] = str(a, "name")
			return true
		}},
		{rule: "pipeline-task-ref-or-spec-missing", expect: re(`expected exactly one, got neither`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickRefTask(c, ps, false)
			if t == nil {
				return false
			}
			delete(t, "taskRef")
			c.desc = fmt.Sprintf("taskRef removed from pipeline task %q", str(t, "name"))
			return true
		}},
		{rule: "pipeline-task-ref-and-spec", expect: re(`expected exactly one, got (both|multiple)`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickRefTask(c, ps, c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			t["taskSpec"] = map[string]any{"steps": []any{map[string]any{"name": "s", "image": "alpine", "script": "true"}}}
			c.desc = fmt.Sprintf("taskSpec added to pipeline task %q that has taskRef", str(t, "name"))
			return true
		}},
		{rule: "pipeline-in-pipeline-gated", expect: re(`pipelineRef requires`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil || len(tasksOf(ps)) == 0 {
				return false
			}
			appendTo(ps, "tasks", map[string]any{"name": "zz-child", "pipelineRef": map[string]any{"name": "child-pipeline"}})
			c.desc = "new pipeline task zz-child with pipelineRef"
			return true
		}},
		{rule: "embedded-task-type-with-steps", expect: re(`cannot be specified when using taskSpec.steps`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil {
				return false
			}
			var cands []map[string]any
			for _, t := range append(tasksOf(ps), finallyOf(ps)...) {
				if ts := mp(t["taskSpec"]); ts != nil && ts["steps"] != nil {
					cands = append(cands, t)
				}
			}
			if len(cands) == 0 {
				return false
			}
			t := pick(c, cands)
			ts := mp(t["taskSpec"])
			ts["apiVersion"] = "example.dev/v1"
			ts["kind"] = "Wait"
			c.desc = fmt.Sprintf("apiVersion/kind added to the taskSpec of %q", str(t, "name"))
			return true
		}},
		{rule: "custom-task-kind-missing", expect: re(`custom task (ref|spec) must specify kind`), apply: func(c *mctx) bool {
			// A taskRef without kind is defaulted to kind Task (unless it uses a
			// resolver), so the reachable form is an embedded custom taskSpec.
			ps := pickPipelineSpec(c)
			t := pickRefTask(c, ps, false)
			if t == nil || referenced(ps, str(t, "name")) {
				return false
			}
			delete(t, "taskRef")
			t["taskSpec"] = map[string]any{"apiVersion": "example.dev/v1", "spec": map[string]any{"duration": "5s"}}
			c.desc = fmt.Sprintf("pipeline task %q becomes a custom taskSpec with apiVersion example.dev/v1 and no kind", str(t, "name"))
			return true
		}},
		{rule: "custom-task-apiversion-invalid", expect: re(`custom task ref must specify apiVersion`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickRefTask(c, ps, c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			mp(t["taskRef"])["kind"] = "ClusterTask"
			c.desc = fmt.Sprintf("taskRef of %q gets kind ClusterTask", str(t, "name"))
			return true
		}},
		{rule: "pipeline-task-onerror-invalid", expect: re(`OnError: invalid value`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), false)
			if t == nil {
				return false
			}
			t["onError"] = "ignore"
			c.desc = fmt.Sprintf("pipeline task %q onError: ignore", str(t, "name"))
			return true
		}},
		{rule: "pipeline-task-onerror-with-retries", expect: re(`OnError cannot be set to "continue" when Retries`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), false)
			if t == nil {
				return false
			}
			t["onError"] = "continue"
			t["retries"] = 2
			c.desc = fmt.Sprintf("pipeline task %q onError: continue with retries: 2", str(t, "name"))
			return true
		}},
		{rule: "pipeline-task-param-duplicate", expect: re(`parameter names must be unique`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			var cands []map[string]any
			for _, t := range append(tasksOf(ps), finallyOf(ps)...) {
				if len(maps(t, "params")) > 0 {
					cands = append(cands, t)
				}
			}
			if len(cands) == 0 {
				return false
			}
			t := pick(c, cands)
			p := pick(c, maps(t, "params"))
			appendTo(t, "params", clone(p))
			c.desc = fmt.Sprintf("param %q passed twice to %q", str(p, "name"), str(t, "name"))
			return true
		}},

		// ---- 1.F references ----
		{rule: "ref-name-missing", expect: re(`name: missing field|missing field\(s\): .*name`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			delete(tr, "name")
			c.desc = "taskRef without name"
			return true
		}},
		{rule: "ref-name-invalid", expect: re(`taskRef.name: invalid value: name part`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			tr["name"] = "bad name!"
			c.desc = "taskRef name \"bad name!\""
			return true
		}},
		{rule: "ref-params-conflict", expect: re(`taskRef.params: expected exactly one, got both`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			tr["params"] = []any{map[string]any{"name": "url", "value": "https://example.com/x.git"}}
			c.desc = "taskRef with name and resolver params, no resolver"
			return true
		}},
		{rule: "ref-resolver-name-not-url", expect: re(`invalid URI`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			tr["resolver"] = "git"
			c.desc = "taskRef with resolver git and a plain name"
			return true
		}},
		{rule: "ref-concise-syntax", expect: re(`enable-concise-resolver-syntax`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			tr["name"] = "git://github.com/o/r/task.yaml"
			c.desc = "taskRef name in concise resolver syntax"
			return true
		}},
		{rule: "ref-params-duplicate", expect: re(`taskRef\[[^]]*\]\.name: expected exactly one, got both`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			delete(tr, "name")
			delete(tr, "kind")
			tr["resolver"] = "git"
			tr["params"] = []any{map[string]any{"name": "url", "value": "a"}, map[string]any{"name": "URL", "value": "b"}}
			c.desc = "git resolver params url and URL"
			return true
		}},

		// ---- 1.G DAG and finally ----
		{rule: "dag-cycle", expect: re(`cycle detected`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			ts := tasksOf(ps)
			if len(ts) == 0 {
				return false
			}
			if len(ts) >= 2 && c.rng.IntN(2) == 0 {
				i := c.rng.IntN(len(ts) - 1)
				appendTo(ts[i], "runAfter", str(ts[i+1], "name"))
				appendTo(ts[i+1], "runAfter", str(ts[i], "name"))
				c.desc = fmt.Sprintf("%q and %q run after each other", str(ts[i], "name"), str(ts[i+1], "name"))
				return true
			}
			t := pick(c, ts)
			appendTo(t, "runAfter", str(t, "name"))
			c.desc = fmt.Sprintf("%q runs after itself", str(t, "name"))
			return true
		}},
		{rule: "run-after-unknown-task", expect: re(`wasn't present in Pipeline`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), false)
			if t == nil {
				return false
			}
			appendTo(t, "runAfter", "zz-missing")
			c.desc = fmt.Sprintf("%q runs after unknown task zz-missing", str(t, "name"))
			return true
		}},
		{rule: "result-ref-unknown-task", expect: re(`wasn't present in Pipeline`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), false)
			if t == nil {
				return false
			}
			c.desc = setParamValue(c, t, "$(tasks.zz-missing.results.out)")
			return true
		}},
		{rule: "dag-depends-on-finally", expect: re(`wasn't present in Pipeline`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			f, note := pickFinally(c, ps)
			t := pickTask(c, ps, false)
			if f == nil || t == nil {
				return false
			}
			appendTo(t, "runAfter", str(f, "name"))
			c.desc = note + fmt.Sprintf("%q runs after finally task %q", str(t, "name"), str(f, "name"))
			return true
		}},
		{rule: "finally-run-after", expect: re(`no runAfter allowed under spec.finally`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			f, note := pickFinally(c, ps)
			t := pickTask(c, ps, false)
			if f == nil || t == nil {
				return false
			}
			appendTo(f, "runAfter", str(t, "name"))
			c.desc = note + fmt.Sprintf("finally task %q runs after %q", str(f, "name"), str(t, "name"))
			return true
		}},
		{rule: "finally-without-tasks", expect: re(`spec.tasks is empty but spec.finally has`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			for _, t := range tasksOf(ps) {
				if referenced(ps, str(t, "name")) {
					return false
				}
			}
			f, note := pickFinally(c, ps)
			if f == nil {
				return false
			}
			delete(ps, "tasks")
			c.desc = note + "tasks removed, finally kept"
			return true
		}},
		{rule: "finally-result-ref-finally", expect: re(`from a final task`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			f, note := pickFinally(c, ps)
			if f == nil {
				return false
			}
			other := pick(c, finallyOf(ps))
			c.desc = note + setParamValue(c, f, "$(tasks."+str(other, "name")+".results.out)")
			return true
		}},
		{rule: "finally-result-ref-unknown-task", expect: re(`which is not defined in the pipeline`), apply: func(c *mctx) bool {
			f, note := pickFinally(c, pickPipelineSpec(c))
			if f == nil {
				return false
			}
			c.desc = note + setParamValue(c, f, "$(tasks.zz-missing.results.out)")
			return true
		}},
		{rule: "execution-status-in-dag", expect: re(`can not refer to execution status`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			ts := tasksOf(ps)
			if len(ts) < 2 {
				return false
			}
			t := ts[len(ts)-1]
			c.desc = setParamValue(c, t, "$(tasks."+str(ts[0], "name")+".status)")
			return true
		}},
		{rule: "execution-status-unknown-task", expect: re(`is not defined in the pipeline`), apply: func(c *mctx) bool {
			f, note := pickFinally(c, pickPipelineSpec(c))
			if f == nil {
				return false
			}
			c.desc = note + setParamValue(c, f, "$(tasks.zz-missing.status)")
			return true
		}},

		// ---- 1.H variables in pipeline-task fields ----
		{rule: "pipeline-param-ref-undeclared", kinds: "Pipeline", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			t := pickTask(c, standalonePipeline(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			c.desc = setParamValue(c, t, "$(params.zz-undeclared)")
			return true
		}},
		{rule: "pipeline-param-ref-object-key-unknown", kinds: "Pipeline", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			ps := standalonePipeline(c)
			t := pickTask(c, ps, false)
			if t == nil {
				return false
			}
			appendTo(ps, "params", map[string]any{"name": "zzobj", "type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}, "default": map[string]any{"a": "x"}})
			c.desc = "object param zzobj {a}; " + setParamValue(c, t, "$(params.zzobj.b)")
			return true
		}},
		{rule: "pipeline-param-whole-ref-in-string", kinds: "Pipeline", expect: re(`variable type invalid`), apply: func(c *mctx) bool {
			ps := standalonePipeline(c)
			t := pickTask(c, ps, false)
			if t == nil {
				return false
			}
			appendTo(ps, "params", map[string]any{"name": "zzarr", "type": "array", "default": []any{"a"}})
			c.desc = "array param zzarr; " + setParamValue(c, t, "x $(params.zzarr[*])")
			return true
		}},
		{rule: "pipeline-param-array-not-isolated", kinds: "Pipeline", expect: re(`variable is not properly isolated|variable type invalid`), apply: func(c *mctx) bool {
			ps := standalonePipeline(c)
			t := pickTask(c, ps, false)
			if t == nil {
				return false
			}
			appendTo(ps, "params", map[string]any{"name": "zzarr", "type": "array", "default": []any{"a"}})
			appendTo(t, "params", map[string]any{"name": "zz-args", "value": []any{"--x=$(params.zzarr[*])"}})
			c.desc = fmt.Sprintf("array param zzarr embedded in an array element of %q", str(t, "name"))
			return true
		}},
		{rule: "pipeline-context-var-unknown", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			ts := tasksOf(ps)
			if len(ts) == 0 {
				return false
			}
			t := ts[len(ts)-1] // upstream quirk: only the last task is checked
			c.desc = setParamValue(c, t, "$(context.pipelineRun.id)")
			return true
		}},
		{rule: "var-invalid-prefix", expect: re(`must start with a valid prefix`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			c.desc = setParamValue(c, t, "$(date)")
			return true
		}},

		// ---- 1.I pipeline workspaces ----
		{rule: "pipeline-workspace-decl-invalid", expect: re(`appears more than once|has empty name`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			ws := maps(ps, "workspaces")
			if len(ws) == 0 {
				return false
			}
			w := pick(c, ws)
			appendTo(ps, "workspaces", clone(w))
			c.desc = fmt.Sprintf("pipeline workspace %q declared twice", str(w, "name"))
			return true
		}},
		{rule: "workspace-undeclared", kinds: "Pipeline", expect: re(`but none exists in pipeline spec`), apply: func(c *mctx) bool {
			ps := standalonePipeline(c)
			var cands []map[string]any
			for _, t := range append(tasksOf(ps), finallyOf(ps)...) {
				if len(maps(t, "workspaces")) > 0 {
					cands = append(cands, t)
				}
			}
			if len(cands) == 0 {
				return false
			}
			t := pick(c, cands)
			w := pick(c, maps(t, "workspaces"))
			w["workspace"] = "zz-undeclared"
			c.desc = fmt.Sprintf("task %q binds %q to undeclared pipeline workspace zz-undeclared", str(t, "name"), str(w, "name"))
			return true
		}},
		{rule: "pipeline-task-workspace-duplicate", kinds: "Pipeline", expect: re(`must be unique`), apply: func(c *mctx) bool {
			ps := standalonePipeline(c)
			var cands []map[string]any
			for _, t := range append(tasksOf(ps), finallyOf(ps)...) {
				if len(maps(t, "workspaces")) > 0 {
					cands = append(cands, t)
				}
			}
			if len(cands) == 0 {
				return false
			}
			t := pick(c, cands)
			w := pick(c, maps(t, "workspaces"))
			appendTo(t, "workspaces", clone(w))
			c.desc = fmt.Sprintf("task %q binds workspace %q twice", str(t, "name"), str(w, "name"))
			return true
		}},

		// ---- 1.J pipeline results ----
		{rule: "pipeline-result-not-result-ref", expect: re(`no expressions were found|invalid expressions was found`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil || len(tasksOf(ps)) == 0 {
				return false
			}
			appendTo(ps, "results", map[string]any{"name": "zz", "value": "static"})
			c.desc = "pipeline result with a static value"
			return true
		}},
		{rule: "pipeline-result-unknown-task", expect: re(`referencing a nonexistent task`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil || len(tasksOf(ps)) == 0 {
				return false
			}
			appendTo(ps, "results", map[string]any{"name": "zz", "value": "$(tasks.zz-missing.results.digest)"})
			c.desc = "pipeline result from unknown task zz-missing"
			return true
		}},

		// ---- 1.K when expressions ----
		{rule: "when-operator-invalid", expect: re(`operator .* is not recognized`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			appendTo(t, "when", map[string]any{"input": "a", "operator": "exists", "values": []any{"b"}})
			c.desc = fmt.Sprintf("when with operator exists on %q", str(t, "name"))
			return true
		}},
		{rule: "when-values-empty", expect: re(`expecting non-empty values field`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			appendTo(t, "when", map[string]any{"input": "a", "operator": "in", "values": []any{}})
			c.desc = fmt.Sprintf("when with empty values on %q", str(t, "name"))
			return true
		}},
		{rule: "when-cel-flag-disabled", expect: re(`enable-cel-in-whenexpression`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			appendTo(t, "when", map[string]any{"cel": "'a' == 'a'"})
			c.desc = fmt.Sprintf("when cel on %q", str(t, "name"))
			return true
		}},

		// ---- 1.L matrix ----
		{rule: "matrix-too-many-combinations", expect: re(`matrix: expected 0 <= \d+ <= 256`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickTask(c, ps, false)
			if t == nil || resultsConsumed(ps, t) {
				return false
			}
			var vals []any
			for i := 0; i < 17; i++ {
				vals = append(vals, fmt.Sprintf("v%d", i))
			}
			t["matrix"] = map[string]any{"params": []any{map[string]any{"name": "zzm1", "value": vals}, map[string]any{"name": "zzm2", "value": clone(vals)}}}
			c.desc = fmt.Sprintf("matrix of 17x17 on %q", str(t, "name"))
			return true
		}},
		{rule: "matrix-param-duplicate", expect: re(`matrix.params.*parameter names must be unique`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickTask(c, ps, false)
			if t == nil || resultsConsumed(ps, t) {
				return false
			}
			t["matrix"] = map[string]any{"params": []any{map[string]any{"name": "zzm", "value": []any{"a"}}, map[string]any{"name": "zzm", "value": []any{"b"}}}}
			c.desc = fmt.Sprintf("matrix param zzm twice on %q", str(t, "name"))
			return true
		}},
		{rule: "matrix-param-in-params", expect: re(`expected exactly one, got both`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			var cands []map[string]any
			for _, t := range tasksOf(ps) {
				if stringParam(c, t) != nil && t["matrix"] == nil && !resultsConsumed(ps, t) {
					cands = append(cands, t)
				}
			}
			if len(cands) == 0 {
				return false
			}
			t := pick(c, cands)
			p := stringParam(c, t)
			t["matrix"] = map[string]any{"params": []any{map[string]any{"name": str(p, "name"), "value": []any{"a", "b"}}}}
			c.desc = fmt.Sprintf("param %q of %q also in its matrix", str(p, "name"), str(t, "name"))
			return true
		}},
		{rule: "matrix-result-not-string", expect: re(`Matrixed PipelineTasks emitting results must have an underlying type string`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil {
				return false
			}
			var producers []map[string]any
			for _, t := range tasksOf(ps) {
				ts := mp(t["taskSpec"])
				if ts != nil && ts["steps"] != nil && t["matrix"] == nil && !resultsConsumed(ps, t) {
					producers = append(producers, t)
				}
			}
			if len(producers) == 0 || len(tasksOf(ps)) < 2 {
				return false
			}
			p := pick(c, producers)
			var consumers []map[string]any
			up := upstreamOf(ps, str(p, "name"))
			for _, t := range tasksOf(ps) {
				if str(t, "name") != str(p, "name") && !up[str(t, "name")] {
					consumers = append(consumers, t)
				}
			}
			if len(consumers) == 0 {
				return false
			}
			pts := mp(p["taskSpec"])
			if len(maps(pts, "results")) == 0 {
				appendTo(pts, "results", map[string]any{"name": "zz-out"})
			}
			r := pick(c, maps(pts, "results"))
			r["type"] = "array"
			delete(r, "properties")
			p["matrix"] = map[string]any{"params": []any{map[string]any{"name": "zzm", "value": []any{"a", "b"}}}}
			ref := fmt.Sprintf("$(tasks.%s.results.%s[*])", str(p, "name"), str(r, "name"))
			c.desc = fmt.Sprintf("matrixed %q declares result %q as array; ", str(p, "name"), str(r, "name")) + setParamValue(c, pick(c, consumers), ref)
			return true
		}},
		{rule: "matrix-result-not-aggregated", expect: re(`can only be consumed in aggregate`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			if ps == nil {
				return false
			}
			// a producer whose string result is consumed by another task's params
			var producers []string
			for _, t := range tasksOf(ps) {
				for _, p := range maps(t, "params") {
					if s, ok := p["value"].(string); ok {
						for _, m := range resultRefRe.FindAllStringSubmatch(s, -1) {
							producers = append(producers, m[1])
						}
					}
				}
			}
			if len(producers) == 0 {
				return false
			}
			name := pick(c, producers)
			for _, t := range tasksOf(ps) {
				if str(t, "name") == name && t["matrix"] == nil {
					t["matrix"] = map[string]any{"params": []any{map[string]any{"name": "zzm", "value": []any{"a", "b"}}}}
					c.desc = fmt.Sprintf("producer %q matrixed; its results are consumed without [*]", name)
					return true
				}
			}
			return false
		}},
	}
}

var taskRefRe = re(`\$\((?:tasks|finally)\.([a-z0-9-]+)\.`)

// upstreamOf returns the DAG tasks that name (transitively) depends on
// through runAfter or $(tasks.X.…) references.
func upstreamOf(ps map[string]any, name string) map[string]bool {
	deps := map[string][]string{}
	for _, t := range tasksOf(ps) {
		n := str(t, "name")
		for _, r := range lst(t, "runAfter") {
			if s, ok := r.(string); ok {
				deps[n] = append(deps[n], s)
			}
		}
		b, _ := json.Marshal(t)
		for _, m := range taskRefRe.FindAllStringSubmatch(string(b), -1) {
			deps[n] = append(deps[n], m[1])
		}
	}
	seen := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		for _, d := range deps[n] {
			if !seen[d] {
				seen[d] = true
				visit(d)
			}
		}
	}
	visit(name)
	return seen
}

// pickFinally returns a random finally task; a pipeline without one gets a
// copy of one of its DAG tasks (without runAfter) as finally task zz-final.
func pickFinally(c *mctx, ps map[string]any) (map[string]any, string) {
	if f := pickTask(c, ps, true); f != nil {
		return f, ""
	}
	t := pickTask(c, ps, false)
	if t == nil {
		return nil, ""
	}
	f := clone(t).(map[string]any)
	f["name"] = "zz-final"
	delete(f, "runAfter")
	appendTo(ps, "finally", f)
	return f, fmt.Sprintf("finally task zz-final (copy of %q) added; ", str(t, "name"))
}

// resultsConsumed reports whether some $(tasks.T.results.…) reference names t.
func resultsConsumed(ps, t map[string]any) bool {
	b, _ := json.Marshal(ps)
	return strings.Contains(string(b), "tasks."+str(t, "name")+".results")
}

var resultRefRe = re(`\$\(tasks\.([a-z0-9-]+)\.results\.[A-Za-z0-9_.-]+\)`)

// pickTaskRef returns a by-name Tekton taskRef of a pipeline task or a
// TaskRun.
func pickTaskRef(c *mctx) map[string]any {
	if c.kind == "TaskRun" {
		tr := mp(spec(c)["taskRef"])
		if tr != nil && str(tr, "name") != "" && str(tr, "resolver") == "" {
			return tr
		}
		return nil
	}
	t := pickRefTask(c, pickPipelineSpec(c), false)
	if t == nil {
		return nil
	}
	return mp(t["taskRef"])
}

func runMutations() []mutation {
	return []mutation{
		{rule: "taskrun-ref-or-spec", kinds: "TaskRun", expect: re(`expected exactly one, got (both|neither)`), apply: func(c *mctx) bool {
			s := spec(c)
			if s["taskRef"] != nil && c.rng.IntN(2) == 0 {
				s["taskSpec"] = map[string]any{"steps": []any{map[string]any{"name": "s", "image": "alpine", "script": "true"}}}
				c.desc = "taskSpec added next to taskRef"
				return true
			}
			delete(s, "taskRef")
			delete(s, "taskSpec")
			c.desc = "taskRef/taskSpec removed"
			return true
		}},
		{rule: "pipelinerun-ref-or-spec", kinds: "PipelineRun", expect: re(`expected exactly one, got (both|neither)`), apply: func(c *mctx) bool {
			s := spec(c)
			if s["pipelineSpec"] != nil || c.rng.IntN(2) == 0 {
				delete(s, "pipelineRef")
				delete(s, "pipelineSpec")
				c.desc = "pipelineRef/pipelineSpec removed"
				return true
			}
			s["pipelineSpec"] = map[string]any{"tasks": []any{map[string]any{"name": "a", "taskRef": map[string]any{"name": "t"}}}}
			c.desc = "pipelineSpec added next to pipelineRef"
			return true
		}},
		{rule: "run-param-duplicate", kinds: runKinds, expect: re(`expected exactly one, got both|more than once`), apply: func(c *mctx) bool {
			ps := maps(spec(c), "params")
			if len(ps) == 0 {
				return false
			}
			p := clone(pick(c, ps)).(map[string]any)
			if c.rng.IntN(2) == 0 {
				p["name"] = upperFirst(str(p, "name"))
			}
			appendTo(spec(c), "params", p)
			c.desc = fmt.Sprintf("run param %q given twice", str(p, "name"))
			return true
		}},
		{rule: "workspace-binding-invalid", kinds: runKinds, expect: re(`workspaces\[[^]]*\]\.\w+: expected exactly one, got both`), apply: func(c *mctx) bool {
			ws := maps(spec(c), "workspaces")
			if len(ws) == 0 {
				return false
			}
			w := pick(c, ws)
			if w["emptyDir"] == nil {
				w["emptyDir"] = map[string]any{}
				c.desc = fmt.Sprintf("binding %q gets emptyDir next to its source", str(w, "name"))
			} else {
				w["secret"] = map[string]any{"secretName": "s"}
				c.desc = fmt.Sprintf("binding %q gets secret next to emptyDir", str(w, "name"))
			}
			return true
		}},
		{rule: "workspace-binding-duplicate", kinds: runKinds, expect: re(`provided by pipelinerun more than once|workspaces\[[^]]*\]\.name: expected exactly one, got both`), apply: func(c *mctx) bool {
			ws := maps(spec(c), "workspaces")
			if len(ws) == 0 {
				return false
			}
			w := pick(c, ws)
			appendTo(spec(c), "workspaces", clone(w))
			c.desc = fmt.Sprintf("workspace %q bound twice", str(w, "name"))
			return true
		}},
		{rule: "taskrun-debug-invalid", kinds: "TaskRun", expect: re(`debug requires`), apply: func(c *mctx) bool {
			spec(c)["debug"] = map[string]any{"breakpoints": map[string]any{"onFailure": "enabled"}}
			c.desc = "debug breakpoints (alpha)"
			return true
		}},
		{rule: "run-step-specs-invalid", kinds: "TaskRun", expect: re(`(stepSpecs|stepOverrides)\[[^]]*\]\.name: missing field`), apply: func(c *mctx) bool {
			key := "stepSpecs"
			if c.version == "v1beta1" {
				key = "stepOverrides"
			}
			spec(c)[key] = []any{map[string]any{"resources": map[string]any{}}}
			if c.version == "v1" {
				spec(c)[key] = []any{map[string]any{"computeResources": map[string]any{}}}
			}
			c.desc = key + " entry without name"
			return true
		}},
		{rule: "taskrun-status-invalid", kinds: "TaskRun", expect: re(`spec.status: invalid value`), apply: func(c *mctx) bool {
			spec(c)["status"] = "Cancelled"
			c.desc = "spec.status Cancelled"
			return true
		}},
		{rule: "pipelinerun-status-invalid", kinds: "PipelineRun", expect: re(`spec.status: invalid value`), apply: func(c *mctx) bool {
			spec(c)["status"] = "Stopped"
			c.desc = "spec.status Stopped"
			return true
		}},
		{rule: "taskrun-retries-negative", kinds: "TaskRun", expect: re(`spec.retries: invalid value`), apply: func(c *mctx) bool {
			spec(c)["retries"] = -1
			c.desc = "retries: -1"
			return true
		}},
		{rule: "run-timeout-negative", kinds: runKinds, expect: re(`should be >= 0`), apply: func(c *mctx) bool {
			s := spec(c)
			if c.kind == "TaskRun" {
				s["timeout"] = "-1m"
				c.desc = "timeout: -1m"
				return true
			}
			if s["timeout"] != nil {
				s["timeout"] = "-1m"
				c.desc = "timeout: -1m"
				return true
			}
			s["timeouts"] = map[string]any{"pipeline": "-1m"}
			c.desc = "timeouts.pipeline: -1m"
			return true
		}},
		{rule: "pipelinerun-param-result-ref", kinds: "PipelineRun", expect: re(`cannot use result expressions`), apply: func(c *mctx) bool {
			var cands []map[string]any
			for _, p := range maps(spec(c), "params") {
				if _, ok := p["value"].(string); ok {
					cands = append(cands, p)
				}
			}
			if len(cands) == 0 {
				return false
			}
			p := pick(c, cands)
			p["value"] = "$(tasks.a.results.r)"
			c.desc = fmt.Sprintf("run param %q set to a task result reference", str(p, "name"))
			return true
		}},
		{rule: "pipelinerun-timeouts-inconsistent", kinds: "PipelineRun", expect: re(`should be <= pipeline duration`), apply: func(c *mctx) bool {
			s := spec(c)
			if s["timeout"] != nil || s["timeouts"] != nil {
				return false
			}
			s["timeouts"] = map[string]any{"pipeline": "1h0m0s", "tasks": "2h0m0s"}
			c.desc = "timeouts.tasks 2h > timeouts.pipeline 1h"
			return true
		}},
		{rule: "taskrunspec-timeout-exceeds", kinds: "PipelineRun", expect: re(`taskRunSpecs\[[^]]*\]\.timeout: invalid value: .* should be <=`), apply: func(c *mctx) bool {
			s := spec(c)
			ps := mp(s["pipelineSpec"])
			if ps == nil || len(tasksOf(ps)) == 0 || s["timeout"] != nil || s["timeouts"] != nil || s["taskRunSpecs"] != nil {
				return false
			}
			t := pick(c, tasksOf(ps))
			s["timeouts"] = map[string]any{"pipeline": "1h0m0s", "tasks": "10m0s"}
			s["taskRunSpecs"] = []any{map[string]any{"pipelineTaskName": str(t, "name"), "timeout": "20m0s"}}
			c.desc = fmt.Sprintf("taskRunSpecs[%s].timeout 20m > timeouts.tasks 10m", str(t, "name"))
			return true
		}},
		{rule: "run-compute-resources-conflict", kinds: "TaskRun", expect: re(`expected exactly one, got both`), apply: func(c *mctx) bool {
			s := spec(c)
			ts := mp(s["taskSpec"])
			if ts == nil {
				return false
			}
			var named []string
			for _, st := range maps(ts, "steps") {
				if n := str(st, "name"); n != "" {
					named = append(named, n)
				}
			}
			if len(named) == 0 && len(maps(ts, "steps")) > 0 {
				maps(ts, "steps")[0]["name"] = "zz-step"
				named = append(named, "zz-step")
			}
			key, res := "stepSpecs", "computeResources"
			if c.version == "v1beta1" {
				key, res = "stepOverrides", "resources"
			}
			if len(named) == 0 || s[key] != nil || s["computeResources"] != nil {
				return false
			}
			n := pick(c, named)
			lim := map[string]any{"limits": map[string]any{"cpu": "1"}}
			s["computeResources"] = lim
			s[key] = []any{map[string]any{"name": n, res: clone(lim)}}
			c.desc = "computeResources and " + key + "[" + n + "]." + res
			return true
		}},
		{rule: "step-artifact-ref-location", expect: re(`(?i)artifact`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			st["workingDir"] = "$(steps.zz-prev.outputs.image)"
			c.desc = "step workingDir uses a step artifact variable"
			return true
		}},
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	} else if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
