package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	"github.com/tektoncd/pipeline/pkg/apis/pipeline/v1beta1"
	"knative.dev/pkg/apis"
	"sigs.k8s.io/yaml"
)

// conversion is the verdict on one v1beta1 document: what upstream's own conversion to v1
// (ConvertTo, which the API server's conversion webhook runs) makes of it, against the v1
// document our `api-version-v1beta1` fix wrote.
type conversion struct {
	File  string `json:"file"`
	Index int    `json:"index"`
	Kind  string `json:"kind"`
	// "same": both specs are equal; "different": they are not (Diff says where);
	// "upstream-failed": ConvertTo refused the original; "ours-invalid": our document does
	// not decode as v1.
	Result string   `json:"result"`
	Diff   []string `json:"diff,omitempty"`
	Error  string   `json:"error,omitempty"`
}

// runConvert compares, for every document of the files under CONVERTED that our fix turned into
// tekton.dev/v1, the spec upstream converts the same document of ORIGINALS to with ours.
// The two trees mirror each other: CONVERTED/<relative path> is ORIGINALS/<relative path> with
// the conversion applied, documents in the same order.
func runConvert(args []string) error {
	fs := flag.NewFlagSet("convert", flag.ExitOnError)
	originals := fs.String("originals", "", "folder of the original (v1beta1) files")
	converted := fs.String("converted", "", "folder of the same files after our conversion")
	outPath := fs.String("o", "", "write JSON lines to this file instead of stdout")
	fs.Parse(args)
	if *originals == "" || *converted == "" {
		return fmt.Errorf("convert: -originals and -converted are required")
	}
	files, err := collectFiles([]string{*converted})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = bufio.NewWriter(f)
	}
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	counts := map[string]int{}
	for _, ours := range files {
		rel, err := filepath.Rel(*converted, ours)
		if err != nil {
			return err
		}
		original, err := os.ReadFile(filepath.Join(*originals, rel))
		if err != nil {
			return err
		}
		after, err := os.ReadFile(ours)
		if err != nil {
			return err
		}
		before := splitDocs(rel, original)
		for i, doc := range splitDocs(rel, after) {
			if i >= len(before) {
				break
			}
			c := compareConversion(before[i], doc)
			if c == nil {
				continue
			}
			counts[c.Result]++
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
	}
	results := make([]string, 0, len(counts))
	for r, n := range counts {
		results = append(results, fmt.Sprintf("%s %d", r, n))
	}
	sort.Strings(results)
	fmt.Fprintln(os.Stderr, "upstream-oracle convert:", strings.Join(results, ", "))
	return nil
}

// compareConversion returns nil unless `ours` is a tekton.dev/v1 document whose original was
// tekton.dev/v1beta1 of the same kind.
func compareConversion(original, ours rawDoc) *conversion {
	oursTop, oursHeader, ok := header(ours.Text)
	if !ok || oursHeader.APIVersion != "tekton.dev/v1" {
		return nil
	}
	originalTop, originalHeader, ok := header(original.Text)
	if !ok || originalHeader.APIVersion != "tekton.dev/v1beta1" || originalHeader.Kind != oursHeader.Kind {
		return nil
	}
	c := &conversion{File: ours.File, Index: ours.Index, Kind: oursHeader.Kind}
	source, target := pairFor(oursHeader.Kind)
	if source == nil {
		return nil
	}
	if err := webhookDecode(originalTop, source); err != nil {
		// Upstream would not have decoded the original: nothing to convert.
		return nil
	}
	// What the API server stores, and so converts, is the defaulted object; our document is
	// defaulted too when it is applied.
	ctx := context.Background()
	source.SetDefaults(ctx)
	// Validation merges the step template into the steps it is given: it gets its own copy.
	judged, _ := pairFor(oursHeader.Kind)
	if webhookDecode(originalTop, judged) != nil {
		return nil
	}
	judged.SetDefaults(ctx)
	if err := judged.(tektonObject).Validate(ctx); err != nil {
		// Rejected at admission (with upstream's default flags): never stored, never converted.
		return nil
	}
	if err := source.ConvertTo(ctx, target); err != nil {
		c.Result, c.Error = "upstream-failed", err.Error()
		return c
	}
	_, mine := pairFor(oursHeader.Kind)
	if err := webhookDecode(oursTop, mine); err != nil {
		c.Result, c.Error = "ours-invalid", err.Error()
		return c
	}
	mine.(tektonObject).SetDefaults(ctx)
	want, err := specJSON(target)
	if err != nil {
		c.Result, c.Error = "upstream-failed", err.Error()
		return c
	}
	got, err := specJSON(mine)
	if err != nil {
		c.Result, c.Error = "ours-invalid", err.Error()
		return c
	}
	if reflect.DeepEqual(want, got) {
		c.Result = "same"
	} else {
		c.Result = "different"
		c.Diff = jsonDiff("spec", want, got)
	}
	return c
}

type docHeader struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

func header(text []byte) (map[string]json.RawMessage, docHeader, bool) {
	var h docHeader
	js, err := yaml.YAMLToJSON(text)
	if err != nil {
		return nil, h, false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(js, &top) != nil {
		return nil, h, false
	}
	_ = json.Unmarshal(js, &h)
	return top, h, true
}

// pairFor gives an empty v1beta1 object of the kind and an empty v1 one to convert it into.
func pairFor(kind string) (interface {
	SetDefaults(context.Context)
	ConvertTo(context.Context, apis.Convertible) error
}, apis.Convertible) {
	switch kind {
	case "Task":
		return &v1beta1.Task{}, &v1.Task{}
	case "Pipeline":
		return &v1beta1.Pipeline{}, &v1.Pipeline{}
	case "TaskRun":
		return &v1beta1.TaskRun{}, &v1.TaskRun{}
	case "PipelineRun":
		return &v1beta1.PipelineRun{}, &v1.PipelineRun{}
	}
	return nil, nil
}

// specJSON is the object's spec as generic JSON (so that durations, quantities and omitted
// empties compare the way upstream serialises them).
func specJSON(object any) (any, error) {
	b, err := json.Marshal(object)
	if err != nil {
		return nil, err
	}
	var whole map[string]any
	if err := json.Unmarshal(b, &whole); err != nil {
		return nil, err
	}
	return whole["spec"], nil
}

// jsonDiff lists the paths where two JSON values differ, with both sides.
func jsonDiff(path string, want, got any) []string {
	wantMap, wantIsMap := want.(map[string]any)
	gotMap, gotIsMap := got.(map[string]any)
	if wantIsMap && gotIsMap {
		keys := map[string]bool{}
		for k := range wantMap {
			keys[k] = true
		}
		for k := range gotMap {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			out = append(out, jsonDiff(path+"."+k, wantMap[k], gotMap[k])...)
		}
		return out
	}
	wantList, wantIsList := want.([]any)
	gotList, gotIsList := got.([]any)
	if wantIsList && gotIsList && len(wantList) == len(gotList) {
		var out []string
		for i := range wantList {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), wantList[i], gotList[i])...)
		}
		return out
	}
	if reflect.DeepEqual(want, got) {
		return nil
	}
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	return []string{fmt.Sprintf("%s: upstream %s, ours %s", path, w, g)}
}
