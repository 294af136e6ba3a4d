package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// rawDoc is one non-empty YAML document of a stream.
type rawDoc struct {
	File  string // path as given on the command line (joined with the walk)
	Index int    // 0-based index among the non-empty documents of the file
	Line  int    // 1-based line of the document's first line (after the separator)
	Text  []byte
}

var (
	docSep    = regexp.MustCompile(`^---(\s.*)?$`)
	docEnd    = regexp.MustCompile(`^\.\.\.\s*$`)
	commentRe = regexp.MustCompile(`^\s*(#.*)?$`)
)

// splitDocs splits a YAML stream on "---" separator lines (and "..." end
// markers). Documents made only of blank lines and comments are dropped and
// do not count towards the index.
func splitDocs(file string, data []byte) []rawDoc {
	var docs []rawDoc
	var cur bytes.Buffer
	start := 1
	lineNo := 0
	flush := func(next int) {
		text := cur.Bytes()
		empty := true
		for _, l := range strings.Split(string(text), "\n") {
			if !commentRe.MatchString(l) {
				empty = false
				break
			}
		}
		if !empty {
			docs = append(docs, rawDoc{File: file, Index: len(docs), Line: start, Text: append([]byte(nil), text...)})
		}
		cur.Reset()
		start = next
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for sc.Scan() {
		lineNo++
		l := strings.TrimRight(sc.Text(), "\r")
		if docSep.MatchString(l) {
			flush(lineNo + 1)
			// "--- value" keeps content on the separator line
			if rest := strings.TrimSpace(strings.TrimPrefix(l, "---")); rest != "" && !strings.HasPrefix(rest, "#") {
				start = lineNo
				cur.WriteString(rest + "\n")
			}
			continue
		}
		if docEnd.MatchString(l) {
			flush(lineNo + 1)
			continue
		}
		cur.WriteString(l)
		cur.WriteByte('\n')
	}
	flush(lineNo + 1)
	return docs
}

// collectFiles expands directories into their *.yaml / *.yml files, sorted.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); ext == ".yaml" || ext == ".yml" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
