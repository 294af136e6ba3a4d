package main

import (
	"fmt"
	"strings"
)

const runKinds = "TaskRun,PipelineRun"

// mutations is the catalogue of single-rule mutations, keyed by the rule ids
// of ../shared/spec/tekton-rules.md §1. Order matters only for output order.
func mutations() []mutation {
	var out []mutation
	out = append(out, taskMutations()...)
	out = append(out, pipelineMutations()...)
	out = append(out, runMutations()...)
	out = append(out, gatedMutations()...)
	return out
}

func taskMutations() []mutation {
	return []mutation{
		// ---- 1.A decoding and metadata ----
		{rule: "unknown-field", weight: 3, expect: re(`unknown field`), apply: func(c *mctx) bool {
			// encoding/json matches keys case-insensitively: use real typos
			return tryVariants(c,
				func() bool {
					_, st := pickStep(c, nil)
					return set(c, st, "imagez", "alpine", "unknown key imagez in a step")
				},
				func() bool {
					t := pickTask(c, pickPipelineSpec(c), false)
					return set(c, t, "runAfterr", []any{"x"}, "unknown key runAfterr in a pipeline task")
				},
				func() bool {
					s := pickParamHolder(c)
					if s == nil || len(maps(s, "params")) == 0 {
						return false
					}
					return set(c, pick(c, maps(s, "params")), "defualt", "x", "unknown key defualt in a param declaration")
				},
				func() bool {
					tr := pickTaskRef(c)
					return set(c, tr, "nmae", "x", "unknown key nmae in a taskRef")
				},
				func() bool {
					if c.kind != "TaskRun" && c.kind != "PipelineRun" || len(maps(spec(c), "workspaces")) == 0 {
						return false
					}
					return set(c, pick(c, maps(spec(c), "workspaces")), "subpath2", "x", "unknown key subpath2 in a workspace binding")
				},
				func() bool {
					ts := pickTaskSpec(c)
					if ts == nil || len(maps(ts, "results")) == 0 {
						return false
					}
					return set(c, pick(c, maps(ts, "results")), "descripton", "x", "unknown key descripton in a task result")
				},
				func() bool {
					return set(c, spec(c), "stepz", []any{}, "unknown key stepz in spec")
				},
			)
		}},
		{rule: "field-type-mismatch", weight: 3, expect: re(`cannot unmarshal|invalid character|unknown character|time: `), apply: func(c *mctx) bool {
			return tryVariants(c,
				func() bool {
					t := pickTask(c, pickPipelineSpec(c), false)
					return set(c, t, "retries", "two", "retries: two on a pipeline task")
				},
				func() bool {
					t := pickTask(c, pickPipelineSpec(c), false)
					return set(c, t, "runAfter", "setup", "runAfter given as a string")
				},
				func() bool {
					t := pickTask(c, pickPipelineSpec(c), false)
					return set(c, t, "timeout", "5 minutes", "pipeline task timeout \"5 minutes\" (not a Go duration)")
				},
				func() bool {
					_, st := pickStep(c, nil)
					return set(c, st, "args", "--verbose", "step args given as a string")
				},
				func() bool {
					_, st := pickStep(c, nil)
					return set(c, st, "workingDir", []any{"/workspace"}, "step workingDir given as a list")
				},
				func() bool {
					_, st := pickStep(c, nil)
					return set(c, st, "env", map[string]any{"A": "b"}, "step env given as a map")
				},
				func() bool {
					if c.kind != "TaskRun" && c.kind != "PipelineRun" {
						return false
					}
					return set(c, spec(c), "params", "none", "spec.params given as a string")
				},
				func() bool {
					if c.kind != "TaskRun" {
						return false
					}
					return set(c, spec(c), "timeout", 5, "TaskRun timeout given as a number")
				},
			)
		}},
		{rule: "api-version-not-served", kinds: "Task,Pipeline,TaskRun,PipelineRun", expect: re(`no matches for kind`), apply: func(c *mctx) bool {
			if c.kind == "Task" && c.rng.IntN(2) == 0 {
				c.doc["kind"] = "ClusterTask"
				c.desc = "kind ClusterTask"
				return true
			}
			c.doc["apiVersion"] = "tekton.dev/v1alpha1"
			c.desc = "apiVersion tekton.dev/v1alpha1"
			return true
		}},
		{rule: "metadata-name-invalid", expect: re(`^metadata\.name: (invalid resource name|Invalid resource name)`), apply: func(c *mctx) bool {
			md := mp(c.doc["metadata"])
			if md == nil {
				return false
			}
			bad := "Build_Thing"
			if c.rng.IntN(3) == 0 {
				bad = strings.Repeat("a", 64)
			}
			if str(md, "name") == "" {
				md["generateName"] = bad + "-"
				c.desc = "generateName " + bad + "-"
			} else {
				md["name"] = bad
				c.desc = "metadata.name " + bad
			}
			return true
		}},

		// ---- 1.B TaskSpec ----
		{rule: "task-steps-missing", expect: re(`steps: missing field`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil || ts["steps"] == nil {
				return false
			}
			delete(ts, "steps")
			c.desc = "steps removed from a TaskSpec"
			return true
		}},
		{rule: "volume-name-duplicate", expect: re(`multiple volumes with same name`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			if vs := maps(ts, "volumes"); len(vs) > 0 {
				appendTo(ts, "volumes", clone(vs[0]))
				c.desc = fmt.Sprintf("volume %q declared twice", str(vs[0], "name"))
				return true
			}
			appendTo(ts, "volumes", map[string]any{"name": "zz-vol", "emptyDir": map[string]any{}}, map[string]any{"name": "zz-vol", "emptyDir": map[string]any{}})
			c.desc = "two volumes named zz-vol"
			return true
		}},
		{rule: "task-workspace-name-duplicate", expect: re(`workspace name .* must be unique`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			ws := maps(ts, "workspaces")
			if len(ws) == 0 {
				return false
			}
			w := clone(ws[0]).(map[string]any)
			w["mountPath"] = "/zz-other-path"
			appendTo(ts, "workspaces", w)
			c.desc = fmt.Sprintf("workspace %q declared twice (different mountPath)", str(w, "name"))
			return true
		}},
		{rule: "task-workspace-mountpath-conflict", expect: re(`workspace mount path .* must be unique`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			ws := maps(ts, "workspaces")
			if len(ws) > 0 {
				mpath := str(ws[0], "mountPath")
				if mpath == "" {
					mpath = "/workspace/" + str(ws[0], "name")
				}
				appendTo(ts, "workspaces", map[string]any{"name": "zz-ws", "mountPath": mpath})
				c.desc = "new workspace zz-ws mounted at " + mpath
				return true
			}
			appendTo(ts, "workspaces", map[string]any{"name": "zz-a"}, map[string]any{"name": "zz-b", "mountPath": "/workspace/zz-a"})
			c.desc = "workspace zz-b mounted at zz-a's default path"
			return true
		}},
		{rule: "step-workspace-undeclared", expect: re(`undefined workspace`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			appendTo(st, "workspaces", map[string]any{"name": "zz-undeclared", "mountPath": "/zz"})
			c.desc = "step uses undeclared workspace zz-undeclared"
			return true
		}},
		{rule: "step-name-duplicate", expect: re(`steps\[\d+\]\.name: (expected exactly one, got both|invalid value)`), apply: func(c *mctx) bool {
			var cands []map[string]any
			for _, ts := range taskSpecs(c) {
				if len(maps(ts, "steps")) >= 2 {
					cands = append(cands, ts)
				}
			}
			if len(cands) == 0 {
				return false
			}
			steps := maps(pick(c, cands), "steps")
			i := c.rng.IntN(len(steps) - 1)
			n := str(steps[i], "name")
			if n == "" {
				n = "zz-step"
				steps[i]["name"] = n
			}
			steps[i+1]["name"] = n
			c.desc = fmt.Sprintf("steps %d and %d both named %q", i, i+1, n)
			return true
		}},
		{rule: "step-name-not-dns-label", expect: re(`invalid value: Build_1|Build_1`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			st["name"] = "Build_1"
			c.desc = "step named Build_1"
			return true
		}},
		{rule: "step-image-missing", expect: re(`(?i)missing field\(s\).*image|image: missing`), apply: func(c *mctx) bool {
			ts, st := pickStep(c, func(ts, st map[string]any) bool { return mp(ts["stepTemplate"])["image"] == nil })
			if st == nil {
				return false
			}
			delete(st, "image")
			c.desc = fmt.Sprintf("image removed from step %q", str(st, "name"))
			_ = ts
			return true
		}},
		{rule: "step-script-and-command", expect: re(`script cannot be used with command`), apply: func(c *mctx) bool {
			_, st := pickStep(c, func(ts, st map[string]any) bool { return st["script"] != nil || st["command"] != nil })
			if st == nil {
				return false
			}
			if st["script"] != nil {
				st["command"] = []any{"sh", "-c"}
				c.desc = "command added to a step with script"
			} else {
				st["script"] = "echo hi\n"
				c.desc = "script added to a step with command"
			}
			return true
		}},
		{rule: "step-ref-conflicting-fields", expect: re(`cannot be used with Ref`), apply: func(c *mctx) bool {
			_, st := pickStep(c, func(ts, st map[string]any) bool { return st["image"] != nil })
			if st == nil {
				return false
			}
			st["ref"] = map[string]any{"name": "zz-action"}
			c.desc = "ref added to a step that has image"
			return true
		}},
		{rule: "step-params-without-ref", expect: re(`params cannot be used without Ref`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			st["params"] = []any{map[string]any{"name": "p", "value": "v"}}
			c.desc = "params on a step without ref"
			return true
		}},
		{rule: "step-timeout-negative", expect: re(`negative timeout: invalid value`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			st["timeout"] = "-10s"
			c.desc = "step timeout -10s"
			return true
		}},
		{rule: "step-volumemount-reserved", expect: re(`cannot be mounted under /tekton/|tekton-internal-`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			if c.rng.IntN(2) == 0 {
				appendTo(st, "volumeMounts", map[string]any{"name": "zz-vm", "mountPath": "/tekton/results"})
				c.desc = "step volumeMount at /tekton/results"
			} else {
				appendTo(st, "volumeMounts", map[string]any{"name": "tekton-internal-zz", "mountPath": "/zz"})
				c.desc = "step volumeMount named tekton-internal-zz"
			}
			return true
		}},
		{rule: "step-onerror-invalid", expect: re(`steps\[\d+\]\.onError: invalid value`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			st["onError"] = "ignore"
			c.desc = "step onError: ignore"
			return true
		}},
		{rule: "step-alpha-fields-gated", expect: re(`stream support requires`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			if c.rng.IntN(2) == 0 {
				st["stdoutConfig"] = map[string]any{"path": "/tmp/out"}
				c.desc = "step stdoutConfig (alpha)"
			} else {
				st["stderrConfig"] = map[string]any{"path": "/tmp/err"}
				c.desc = "step stderrConfig (alpha)"
			}
			return true
		}},
		{rule: "step-result-ref-location", expect: re(`stepResult substitutions are only allowed`), apply: func(c *mctx) bool {
			_, st := pickStep(c, func(ts, st map[string]any) bool { return st["image"] != nil })
			if st == nil {
				return false
			}
			st["image"] = "$(steps.zz-prev.results.image)"
			c.desc = "step image from a step result"
			return true
		}},
		{rule: "artifacts-feature-disabled", expect: re(`enable-artifacts`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			appendScript(st, "cat $(step.artifacts.path)")
			c.desc = "step script uses $(step.artifacts.path)"
			return true
		}},
		{rule: "step-result-name-invalid", expect: re(`invalid key name`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			appendTo(st, "results", map[string]any{"name": "_zz"})
			c.desc = "step result named _zz"
			return true
		}},
		{rule: "step-result-type-invalid", expect: re(`results.*(type: invalid value|properties: missing field)`), apply: func(c *mctx) bool {
			_, st := pickStep(c, nil)
			if st == nil {
				return false
			}
			if c.rng.IntN(2) == 0 {
				appendTo(st, "results", map[string]any{"name": "zz", "type": "object"})
				c.desc = "object step result without properties"
			} else {
				appendTo(st, "results", map[string]any{"name": "zz", "type": "number"})
				c.desc = "step result of type number"
			}
			return true
		}},
		{rule: "step-result-path-undeclared", expect: re(`script: non-existent variable`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			appendTo(st, "results", map[string]any{"name": "zz-declared"})
			appendScript(st, "echo x > $(step.results.zz-other.path)")
			c.desc = "step declares zz-declared but writes $(step.results.zz-other.path)"
			return true
		}},
		{rule: "sidecar-image-missing", expect: re(`sidecars.*image: missing field`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "sidecars", map[string]any{"name": "zz-side", "script": "sleep 1"})
			c.desc = "sidecar without image"
			return true
		}},
		{rule: "sidecar-reserved-name", expect: re(`reserved`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "sidecars", map[string]any{"name": "tekton-log-results", "image": "alpine"})
			c.desc = "sidecar named tekton-log-results"
			return true
		}},
		{rule: "task-result-path-undeclared", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			appendScript(st, "date > $(results.zz-undeclared.path)")
			c.desc = "script writes $(results.zz-undeclared.path)"
			return true
		}},
		{rule: "result-name-invalid", expect: re(`invalid key name`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "results", map[string]any{"name": "-bad"})
			c.desc = "task result named -bad"
			return true
		}},
		{rule: "result-type-invalid", expect: re(`results.*(type: invalid value|properties: The value type specified)`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			if c.rng.IntN(2) == 0 {
				appendTo(ts, "results", map[string]any{"name": "zz", "type": "number"})
				c.desc = "task result of type number"
			} else {
				appendTo(ts, "results", map[string]any{"name": "zz", "type": "object", "properties": map[string]any{"k": map[string]any{"type": "array"}}})
				c.desc = "object task result with an array property"
			}
			return true
		}},
		{rule: "result-value-invalid", expect: re(`value: Could not extract step name and result name`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "results", map[string]any{"name": "zz", "value": "$(params.x)"})
			c.desc = "task result value $(params.x)"
			return true
		}},
		{rule: "context-var-unknown-task", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			v := "$(context.taskRun.id)"
			if c.rng.IntN(2) == 0 {
				v = "$(context.task.namespace)"
			}
			appendScript(st, "echo "+v)
			c.desc = "script uses " + v
			return true
		}},

		// ---- 1.C parameter declarations ----
		{rule: "param-type-invalid", expect: re(`invalid value: int`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil {
				return false
			}
			appendTo(s, "params", map[string]any{"name": "zz", "type": "int", "default": "1"})
			c.desc = "param zz of type int"
			return true
		}},
		{rule: "param-default-type-mismatch", expect: re(`type does not match default value's type`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil {
				return false
			}
			appendTo(s, "params", map[string]any{"name": "zz", "type": "array", "default": "x"})
			c.desc = "array param zz with a string default"
			return true
		}},
		{rule: "param-property-type-invalid", expect: re(`value type specified for these keys`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil {
				return false
			}
			appendTo(s, "params", map[string]any{"name": "zz", "type": "object", "properties": map[string]any{"k": map[string]any{"type": "array"}}})
			c.desc = "object param with an array property"
			return true
		}},
		{rule: "param-object-properties-missing", kinds: "Task,TaskRun", expect: re(`properties: missing field`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "params", map[string]any{"name": "zz", "type": "object"})
			c.desc = "object param zz without properties"
			return true
		}},
		{rule: "param-name-duplicate", expect: re(`parameter appears more than once`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil || len(maps(s, "params")) == 0 {
				return false
			}
			p := pick(c, maps(s, "params"))
			appendTo(s, "params", clone(p))
			c.desc = fmt.Sprintf("param %q declared twice", str(p, "name"))
			return true
		}},
		{rule: "param-name-format", expect: re(`format of following .* names is invalid`), apply: func(c *mctx) bool {
			ts := pickTaskSpec(c)
			if ts == nil {
				return false
			}
			appendTo(ts, "params", map[string]any{"name": "1zz", "default": "x"})
			c.desc = "task param named 1zz"
			return true
		}},
		{rule: "param-enum-flag-disabled", expect: re(`enable-param-enum`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil {
				return false
			}
			appendTo(s, "params", map[string]any{"name": "zz", "enum": []any{"a", "b"}, "default": "a"})
			c.desc = "param zz with enum"
			return true
		}},

		// ---- 1.D param references in steps ----
		{rule: "param-ref-undeclared", kinds: "Task", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			appendScript(st, "echo $(params.zz-undeclared)")
			c.desc = "script references undeclared $(params.zz-undeclared)"
			return true
		}},
		{rule: "param-ref-object-key-unknown", kinds: "Task", expect: re(`non-existent variable`), apply: func(c *mctx) bool {
			ts := standaloneTaskSpec(c)
			_, st := pickStep(c, scriptable)
			if ts == nil || st == nil {
				return false
			}
			appendTo(ts, "params", map[string]any{"name": "zzobj", "type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}},
				"default": map[string]any{"a": "x"}})
			appendScript(st, "echo $(params.zzobj.b)")
			c.desc = "object param zzobj {a} used as $(params.zzobj.b)"
			return true
		}},
		{rule: "param-ref-too-many-dots", kinds: "Task", expect: re(`Only two dot-separated components`), apply: func(c *mctx) bool {
			_, st := pickStep(c, scriptable)
			if st == nil {
				return false
			}
			appendScript(st, "echo $(params.a.b.c)")
			c.desc = "script uses $(params.a.b.c)"
			return true
		}},
		{rule: "param-whole-ref-in-string", kinds: "Task", expect: re(`variable type invalid`), apply: func(c *mctx) bool {
			ts := standaloneTaskSpec(c)
			_, st := pickStep(c, scriptable)
			if ts == nil || st == nil {
				return false
			}
			appendTo(ts, "params", map[string]any{"name": "zzarr", "type": "array", "default": []any{"a"}})
			appendScript(st, "echo $(params.zzarr[*])")
			c.desc = "array param zzarr used whole in a script"
			return true
		}},
		{rule: "param-array-not-isolated", kinds: "Task", expect: re(`not properly isolated`), apply: func(c *mctx) bool {
			ts := standaloneTaskSpec(c)
			_, st := pickStep(c, func(ts, st map[string]any) bool { return st["script"] == nil })
			if ts == nil || st == nil {
				return false
			}
			appendTo(ts, "params", map[string]any{"name": "zzarr", "type": "array", "default": []any{"a"}})
			appendTo(st, "args", "--x=$(params.zzarr[*])")
			c.desc = "array param zzarr embedded in an args element"
			return true
		}},
	}
}

// pickParamHolder returns a Task spec, a standalone Pipeline spec, or an
// embedded task spec, where a new param declaration can be added.
func pickParamHolder(c *mctx) map[string]any {
	var cands []map[string]any
	cands = append(cands, taskSpecs(c)...)
	cands = append(cands, pipelineSpecs(c)...)
	if len(cands) == 0 {
		return nil
	}
	return pick(c, cands)
}

// tryVariants runs the variants in a random order until one applies.
func tryVariants(c *mctx, variants ...func() bool) bool {
	for _, i := range c.rng.Perm(len(variants)) {
		if variants[i]() {
			return true
		}
	}
	return false
}

// set sets m[key] = val and the description; false when m is nil.
func set(c *mctx, m map[string]any, key string, val any, desc string) bool {
	if m == nil {
		return false
	}
	m[key] = val
	c.desc = desc
	return true
}
