package main

import "fmt"

func feature(kv ...string) *profileOverride {
	o := &profileOverride{FeatureFlags: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.FeatureFlags[kv[i]] = kv[i+1]
	}
	return o
}

// gatedMutations break rules that only fire under a non-default profile
// (enable-api-fields=stable, a per-feature flag turned on, or a
// config-defaults value). Each manifest entry records the profile override.
func gatedMutations() []mutation {
	stable := feature("enable-api-fields", "stable")
	return []mutation{
		{rule: "step-workspaces-gated", profile: stable, expect: re(`step workspaces requires`), apply: func(c *mctx) bool {
			for _, ts := range taskSpecs(c) {
				ws := maps(ts, "workspaces")
				steps := plainSteps(ts)
				if len(ws) == 0 || len(steps) == 0 {
					continue
				}
				w := pick(c, ws)
				st := pick(c, steps)
				appendTo(st, "workspaces", map[string]any{"name": str(w, "name"), "mountPath": "/zz-ws"})
				c.desc = fmt.Sprintf("step uses declared workspace %q under enable-api-fields=stable", str(w, "name"))
				return true
			}
			return false
		}},
		{rule: "matrix-gated", profile: stable, expect: re(`matrix requires`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickTask(c, ps, false)
			if t == nil || t["matrix"] != nil || resultsConsumed(ps, t) {
				return false
			}
			t["matrix"] = map[string]any{"params": []any{map[string]any{"name": "zzm", "value": []any{"a", "b"}}}}
			c.desc = fmt.Sprintf("matrix on %q under enable-api-fields=stable", str(t, "name"))
			return true
		}},
		{rule: "ref-resolver-gated", profile: stable, expect: re(`resolver requires`), apply: func(c *mctx) bool {
			tr := pickTaskRef(c)
			if tr == nil {
				return false
			}
			delete(tr, "name")
			delete(tr, "kind")
			tr["resolver"] = "hub"
			tr["params"] = []any{map[string]any{"name": "name", "value": "git-clone"}, map[string]any{"name": "version", "value": "0.9"}}
			c.desc = "taskRef through the hub resolver under enable-api-fields=stable"
			return true
		}},
		{rule: "pipeline-task-onerror-invalid", profile: stable, expect: re(`OnError requires`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), false)
			if t == nil || t["retries"] != nil {
				return false
			}
			t["onError"] = "continue"
			c.desc = fmt.Sprintf("pipeline task %q onError: continue under enable-api-fields=stable", str(t, "name"))
			return true
		}},
		{rule: "param-enum-invalid", profile: feature("enable-param-enum", "true"), expect: re(`enum value .* appears more than once|not in the enum list|enum can only be set with string type param`), apply: func(c *mctx) bool {
			s := pickParamHolder(c)
			if s == nil {
				return false
			}
			switch c.rng.IntN(3) {
			case 0:
				appendTo(s, "params", map[string]any{"name": "zz", "type": "array", "enum": []any{"a", "b"}})
				c.desc = "enum on an array param"
			case 1:
				appendTo(s, "params", map[string]any{"name": "zz", "enum": []any{"a", "b"}, "default": "c"})
				c.desc = "param default c not in enum [a b]"
			default:
				appendTo(s, "params", map[string]any{"name": "zz", "enum": []any{"a", "a"}})
				c.desc = "duplicate enum values"
			}
			return true
		}},
		{rule: "when-cel-invalid", profile: feature("enable-cel-in-whenexpression", "true"), expect: re(`cel and input\+operator\+values cannot be set|invalid cel expression`), apply: func(c *mctx) bool {
			t := pickTask(c, pickPipelineSpec(c), c.rng.IntN(4) == 0)
			if t == nil {
				return false
			}
			if c.rng.IntN(2) == 0 {
				appendTo(t, "when", map[string]any{"cel": "'a' == ", "input": "a"})
				c.desc = fmt.Sprintf("when with cel and input on %q", str(t, "name"))
			} else {
				appendTo(t, "when", map[string]any{"cel": "'a' == == 'b'"})
				c.desc = fmt.Sprintf("when with a cel expression that does not compile on %q", str(t, "name"))
			}
			return true
		}},
		{rule: "inline-spec-disabled", kinds: "Pipeline,PipelineRun", profile: feature("disable-inline-spec", "pipeline"), expect: re(`must not set the field\(s\)`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickRefTask(c, ps, false)
			if t == nil {
				return false
			}
			delete(t, "taskRef")
			t["taskSpec"] = map[string]any{"steps": []any{map[string]any{"name": "s", "image": "alpine", "script": "true"}}}
			c.desc = fmt.Sprintf("pipeline task %q inlines a taskSpec under disable-inline-spec=pipeline", str(t, "name"))
			return true
		}},
		{rule: "inline-spec-disabled", kinds: "TaskRun", profile: feature("disable-inline-spec", "taskrun"), expect: re(`must not set the field\(s\)`), apply: func(c *mctx) bool {
			s := spec(c)
			if s["taskRef"] == nil {
				return false
			}
			delete(s, "taskRef")
			s["taskSpec"] = map[string]any{"steps": []any{map[string]any{"name": "s", "image": "alpine", "script": "true"}}}
			c.desc = "TaskRun inlines a taskSpec under disable-inline-spec=taskrun"
			return true
		}},
		{rule: "run-forbidden-env", kinds: "TaskRun", profile: &profileOverride{ConfigDefaults: map[string]string{"default-forbidden-env": "ZZ_FORBIDDEN"}}, expect: re(`forbidden env`), apply: func(c *mctx) bool {
			s := spec(c)
			pt := mp(s["podTemplate"])
			if pt == nil {
				pt = map[string]any{}
				s["podTemplate"] = pt
			}
			appendTo(pt, "env", map[string]any{"name": "ZZ_FORBIDDEN", "value": "x"})
			c.desc = "podTemplate sets env ZZ_FORBIDDEN listed in default-forbidden-env"
			return true
		}},
		{rule: "result-ref-to-child-pipeline", profile: feature("enable-api-fields", "alpha"), expect: re(`is not supported: referenced task uses pipelineRef or pipelineSpec`), apply: func(c *mctx) bool {
			ps := pickPipelineSpec(c)
			t := pickTask(c, ps, false)
			if t == nil {
				return false
			}
			appendTo(ps, "tasks", map[string]any{"name": "zz-child", "pipelineRef": map[string]any{"name": "child-pipeline"}})
			c.desc = "new child pipeline task zz-child; " + setParamValue(c, t, "$(tasks.zz-child.results.out)")
			return true
		}},
	}
}
