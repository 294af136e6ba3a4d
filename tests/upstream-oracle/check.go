package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/tektoncd/pipeline/pkg/apis/config"
	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	"github.com/tektoncd/pipeline/pkg/apis/pipeline/v1alpha1"
	"github.com/tektoncd/pipeline/pkg/apis/pipeline/v1beta1"
	"knative.dev/pkg/apis"
	"sigs.k8s.io/yaml"
)

// profile is the feature-flags / config-defaults configuration the
// validation runs under.
type profile struct {
	features map[string]string
	defaults map[string]string
	ctx      context.Context
}

type kvList map[string]string

func (k kvList) String() string { return fmt.Sprint(map[string]string(k)) }
func (k kvList) Set(s string) error {
	key, val, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("expected key=value, got %q", s)
	}
	k[key] = val
	return nil
}

// namedFlags are the feature flags that get their own command-line option.
var namedFlags = []struct{ name, def string }{
	{"enable-api-fields", "beta"},
	{"enable-param-enum", "false"},
	{"enable-cel-in-whenexpression", "false"},
	{"enable-artifacts", "false"},
	{"enable-concise-resolver-syntax", "false"},
	{"disable-inline-spec", ""},
}

// addProfileFlags registers the profile options on fs; call finish after
// fs.Parse to build the context.
func addProfileFlags(fs *flag.FlagSet) func() (*profile, error) {
	named := map[string]*string{}
	for _, f := range namedFlags {
		named[f.name] = fs.String(f.name, f.def, "feature flag "+f.name)
	}
	features := kvList{}
	defaults := kvList{}
	fs.Var(features, "feature", "any feature-flags key=value (repeatable)")
	fs.Var(defaults, "default", "any config-defaults key=value (repeatable), e.g. default-max-matrix-combinations-count=256")
	alphaAll := fs.Bool("alpha-all", false, "upstream e2e alpha profile: enable-api-fields=alpha and every per-feature flag on")
	return func() (*profile, error) {
		p := &profile{features: map[string]string{}, defaults: map[string]string{}}
		for _, f := range namedFlags {
			if v := *named[f.name]; v != "" {
				p.features[f.name] = v
			}
		}
		if *alphaAll {
			for _, k := range []string{"enable-param-enum", "enable-cel-in-whenexpression", "enable-artifacts", "enable-concise-resolver-syntax", "enable-step-actions"} {
				p.features[k] = "true"
			}
			p.features["enable-api-fields"] = "alpha"
		}
		for k, v := range features {
			p.features[k] = v
		}
		for k, v := range defaults {
			p.defaults[k] = v
		}
		return p.build()
	}
}

// profileOverride is a set of feature-flags / config-defaults values applied
// on top of the command-line profile (used by mutants of gated rules).
type profileOverride struct {
	FeatureFlags   map[string]string `json:"feature-flags,omitempty"`
	ConfigDefaults map[string]string `json:"config-defaults,omitempty"`
}

func (o *profileOverride) empty() bool {
	return o == nil || len(o.FeatureFlags)+len(o.ConfigDefaults) == 0
}

// with returns a copy of p with the override applied.
func (p *profile) with(o *profileOverride) (*profile, error) {
	if o.empty() {
		return p, nil
	}
	q := &profile{features: map[string]string{}, defaults: map[string]string{}}
	for k, v := range p.features {
		q.features[k] = v
	}
	for k, v := range p.defaults {
		q.defaults[k] = v
	}
	for k, v := range o.FeatureFlags {
		q.features[k] = v
	}
	for k, v := range o.ConfigDefaults {
		q.defaults[k] = v
	}
	return q.build()
}

func (p *profile) build() (*profile, error) {
	ff, err := config.NewFeatureFlagsFromMap(p.features)
	if err != nil {
		return nil, fmt.Errorf("feature flags: %w", err)
	}
	d, err := config.NewDefaultsFromMap(p.defaults)
	if err != nil {
		return nil, fmt.Errorf("config defaults: %w", err)
	}
	cfg := config.FromContextOrDefaults(context.Background())
	cfg.FeatureFlags = ff
	cfg.Defaults = d
	p.ctx = apis.WithinCreate(config.ToContext(context.Background(), cfg))
	return p, nil
}

// fieldErr is one (path, message) pair of an upstream FieldError.
type fieldErr struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Details string `json:"details,omitempty"`
}

// verdict is one output line.
type verdict struct {
	File       string     `json:"file"`
	Index      int        `json:"index"`
	Line       int        `json:"line"`
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Name       string     `json:"name"`
	Accepted   bool       `json:"accepted"`
	Stage      string     `json:"stage,omitempty"`
	Errors     []fieldErr `json:"errors"`
	Warnings   []fieldErr `json:"warnings,omitempty"`
	// Profile is set when the document was judged with feature flags or
	// config defaults on top of the command-line profile (gated mutants).
	Profile *profileOverride `json:"profile,omitempty"`
}

// tektonObject is what every judged Tekton type implements.
type tektonObject interface {
	SetDefaults(context.Context)
	Validate(context.Context) *apis.FieldError
	GetName() string
	SetName(string)
	GetGenerateName() string
}

// newObject returns an empty object of the served type, nil for a kind we do
// not judge, or an error for a Tekton kind/version the API server does not serve.
func newObject(apiVersion, kind string) (tektonObject, error) {
	group, version, _ := strings.Cut(apiVersion, "/")
	if group != "tekton.dev" {
		return nil, nil
	}
	switch version + "/" + kind {
	case "v1/Task":
		return &v1.Task{}, nil
	case "v1/Pipeline":
		return &v1.Pipeline{}, nil
	case "v1/TaskRun":
		return &v1.TaskRun{}, nil
	case "v1/PipelineRun":
		return &v1.PipelineRun{}, nil
	case "v1beta1/Task":
		return &v1beta1.Task{}, nil
	case "v1beta1/Pipeline":
		return &v1beta1.Pipeline{}, nil
	case "v1beta1/TaskRun":
		return &v1beta1.TaskRun{}, nil
	case "v1beta1/PipelineRun":
		return &v1beta1.PipelineRun{}, nil
	case "v1beta1/StepAction":
		return &v1beta1.StepAction{}, nil
	case "v1alpha1/StepAction":
		return &v1alpha1.StepAction{}, nil
	}
	switch kind {
	case "Task", "Pipeline", "TaskRun", "PipelineRun", "StepAction", "ClusterTask", "Condition", "PipelineResource", "Run":
		return nil, fmt.Errorf("no matches for kind %q in version %q", kind, apiVersion)
	}
	return nil, nil
}

var headerRe = regexp.MustCompile(`(?m)^(apiVersion|kind):\s*["']?([^"'\s#]+)`)

// judger validates documents under one profile.
type judger struct{ p *profile }

// judge returns the verdict for one document, or nil when it is not a
// Tekton document.
func (j *judger) judge(d rawDoc) *verdict {
	v := &verdict{File: d.File, Index: d.Index, Line: d.Line, Errors: []fieldErr{}}
	js, err := yaml.YAMLToJSON(d.Text)
	if err != nil {
		// Only report unparsable documents that look like Tekton ones.
		for _, m := range headerRe.FindAllSubmatch(d.Text, -1) {
			if string(m[1]) == "apiVersion" && v.APIVersion == "" {
				v.APIVersion = string(m[2])
			} else if string(m[1]) == "kind" && v.Kind == "" {
				v.Kind = string(m[2])
			}
		}
		if !strings.HasPrefix(v.APIVersion, "tekton.dev/") {
			return nil
		}
		v.Stage = "yaml"
		v.Errors = append(v.Errors, fieldErr{Message: err.Error()})
		return v
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(js, &top); err != nil {
		return nil // not a mapping (null, scalar, list): not a Kubernetes object
	}
	var header struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name         string `json:"name"`
			GenerateName string `json:"generateName"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(js, &header) // best effort; strict typing is checked below
	v.APIVersion, v.Kind = header.APIVersion, header.Kind
	v.Name = header.Metadata.Name
	if v.Name == "" {
		v.Name = header.Metadata.GenerateName
	}
	obj, err := newObject(header.APIVersion, header.Kind)
	if err != nil {
		v.Stage = "apiVersion"
		v.Errors = append(v.Errors, fieldErr{Path: "apiVersion", Message: err.Error()})
		return v
	}
	if obj == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			v.Accepted = false
			v.Stage = "panic"
			v.Errors = append(v.Errors, fieldErr{Message: fmt.Sprintf("upstream panicked: %v", r)})
		}
	}()

	// Mutating webhook: strict decode, SetDefaults, write back (JSON).
	if err := webhookDecode(top, obj); err != nil {
		v.Stage = "decode"
		fe := decodeErr(err)
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			fe.Path = unknownFieldPath(top, obj, strings.Trim(name, `"`))
		}
		v.Errors = append(v.Errors, fe)
		return v
	}
	if obj.GetName() == "" && obj.GetGenerateName() == "" {
		v.Stage = "apiserver"
		v.Errors = append(v.Errors, fieldErr{Path: "metadata.name", Message: "name or generateName is required"})
		return v
	}
	// knative first round-trips the decoded object to build its patch.
	if _, err := json.Marshal(obj); err != nil {
		v.Stage = "mutate"
		v.Errors = append(v.Errors, fieldErr{Message: "cannot create patch for round tripped newBytes: " + err.Error()})
		return v
	}
	obj.SetDefaults(j.p.ctx)
	defaulted, err := json.Marshal(obj)
	if err != nil {
		// knative's defaulting webhook fails building its JSON patch.
		v.Stage = "mutate"
		v.Errors = append(v.Errors, fieldErr{Message: "cannot encode defaulted object: " + err.Error()})
		return v
	}

	// API server generates the name between the mutating and the validating
	// admission phases.
	obj2, _ := newObject(header.APIVersion, header.Kind)
	var top2 map[string]json.RawMessage
	if err := json.Unmarshal(defaulted, &top2); err == nil {
		err = webhookDecode(top2, obj2)
	}
	if err != nil {
		v.Stage = "decode"
		v.Errors = append(v.Errors, fieldErr{Message: "re-decoding the defaulted object: " + err.Error()})
		return v
	}
	if obj2.GetName() == "" {
		obj2.SetName(generatedName(obj2.GetGenerateName()))
	}

	// Validating webhook.
	res := obj2.Validate(j.p.ctx)
	v.Stage = "validate"
	v.Errors = append(v.Errors, splitFieldError(res.Filter(apis.ErrorLevel))...)
	v.Warnings = splitFieldError(res.Filter(apis.WarningLevel))
	v.Accepted = len(v.Errors) == 0
	if v.Accepted {
		v.Stage = ""
	}
	return v
}

// generatedName mimics the API server's name generator (5 random characters
// after generateName truncated to 58), with a fixed suffix for determinism.
func generatedName(base string) string {
	if len(base) > 58 {
		base = base[:58]
	}
	return base + "x7b2q"
}

// webhookDecode decodes like the Tekton webhooks: unknown fields are errors
// everywhere except under the top-level metadata, which is decoded leniently
// afterwards.
func webhookDecode(top map[string]json.RawMessage, target any) error {
	meta, hasMeta := top["metadata"]
	body := make(map[string]json.RawMessage, len(top))
	for k, val := range top {
		body[k] = val
	}
	if hasMeta {
		body["metadata"] = json.RawMessage(`{}`)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		return err
	}
	if hasMeta {
		mb, _ := json.Marshal(map[string]json.RawMessage{"metadata": meta})
		if err := json.Unmarshal(mb, target); err != nil {
			return err
		}
	}
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }

func decodeErr(err error) fieldErr {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fieldErr{Path: te.Field, Message: err.Error()}
	}
	msg := err.Error()
	// unknown-field errors carry no path; keep the field name in the message.
	return fieldErr{Message: msg}
}

// splitFieldError flattens an upstream FieldError into one entry per path.
func splitFieldError(fe *apis.FieldError) []fieldErr {
	out := []fieldErr{}
	if fe == nil {
		return out
	}
	for _, e := range fe.WrappedErrors() {
		if len(e.Paths) == 0 {
			out = append(out, fieldErr{Message: e.Message, Details: e.Details})
			continue
		}
		for _, p := range e.Paths {
			out = append(out, fieldErr{Path: p, Message: e.Message, Details: e.Details})
		}
	}
	return out
}

func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	finish := addProfileFlags(fs)
	outPath := fs.String("o", "", "write JSON lines to this file instead of stdout")
	summary := fs.Bool("summary", false, "print accepted/rejected counts per kind to stderr")
	manifest := fs.String("manifest", "", "judge the mutants listed in this manifest.json, each under its own profile override")
	fs.Parse(args)
	p, err := finish()
	if err != nil {
		return err
	}
	if fs.NArg() == 0 && *manifest == "" {
		return fmt.Errorf("check: no paths given")
	}
	var w io.Writer = os.Stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	counts := map[string][2]int{}
	if *manifest != "" {
		return checkManifest(*manifest, p, enc)
	}
	files, err := collectFiles(fs.Args())
	if err != nil {
		return err
	}
	j := &judger{p: p}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, d := range splitDocs(f, data) {
			v := j.judge(d)
			if v == nil {
				continue
			}
			if err := enc.Encode(v); err != nil {
				return err
			}
			c := counts[v.APIVersion+" "+v.Kind]
			if v.Accepted {
				c[0]++
			} else {
				c[1]++
			}
			counts[v.APIVersion+" "+v.Kind] = c
		}
	}
	if *summary {
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(os.Stderr, "%-36s accepted %4d rejected %4d\n", k, counts[k][0], counts[k][1])
		}
	}
	return nil
}

// checkManifest judges every mutant listed in a manifest under the command
// line profile plus the entry's override.
func checkManifest(path string, base *profile, enc *json.Encoder) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var entries []manifestEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return err
	}
	for _, e := range entries {
		p, err := base.with(e.Profile)
		if err != nil {
			return err
		}
		text, err := os.ReadFile(e.File)
		if err != nil {
			return err
		}
		for _, d := range splitDocs(e.File, text) {
			if d.Index != e.Index {
				continue
			}
			v := (&judger{p: p}).judge(d)
			if v == nil {
				continue
			}
			if !e.Profile.empty() {
				v.Profile = e.Profile
			}
			if err := enc.Encode(v); err != nil {
				return err
			}
		}
	}
	return nil
}
