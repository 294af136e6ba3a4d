package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// unknownFieldPath locates the key that encoding/json reported as unknown,
// by walking the generic document alongside the Go type. It returns "" when
// the key cannot be located (the error message still names it).
func unknownFieldPath(doc map[string]json.RawMessage, target any, field string) string {
	t := reflect.TypeOf(target)
	for k, raw := range doc {
		if k == "metadata" {
			continue
		}
		var v any
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		ft, ok := structField(t, k)
		if !ok {
			if k == field {
				return k
			}
			continue
		}
		if p := walkUnknown(v, ft, k, field); p != "" {
			return p
		}
	}
	return ""
}

func walkUnknown(v any, t reflect.Type, path, field string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || t.Implements(unmarshalerType) {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		for _, k := range sortedAnyKeys(m) {
			ft, ok := structField(t, k)
			if !ok {
				if k == field {
					return path + "." + k
				}
				continue
			}
			if p := walkUnknown(m[k], ft, path+"."+k, field); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		l, ok := v.([]any)
		if !ok {
			return ""
		}
		for i, x := range l {
			if p := walkUnknown(x, t.Elem(), fmt.Sprintf("%s[%d]", path, i), field); p != "" {
				return p
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		for _, k := range sortedAnyKeys(m) {
			if p := walkUnknown(m[k], t.Elem(), path+"."+k, field); p != "" {
				return p
			}
		}
	}
	return ""
}

// structField finds the type of the field that encoding/json would decode key
// into (exact name first, then case-insensitive), including promoted fields
// of embedded structs.
func structField(t reflect.Type, key string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	var fold reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if ft, ok := structField(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
