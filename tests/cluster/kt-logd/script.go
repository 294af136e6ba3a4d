package main

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const annotationPrefix = "kt.test/"

// maxRecordBytes is where a container runtime cuts a long line into partial
// records (containerd's and CRI-O's default max-container-log-line-size, 16 KiB).
const maxRecordBytes = 16 * 1024

// retrySuffix is how Tekton names the pod of a retried TaskRun:
// <taskrun>-pod-retry<N> for the attempt after N failed ones (pkg/pod/pod.go).
var retrySuffix = regexp.MustCompile(`-pod-retry([0-9]+)$`)

// attemptOf tells which attempt of its TaskRun a pod runs, counting from 1.
func attemptOf(podName string) int {
	m := retrySuffix.FindStringSubmatch(podName)
	if m == nil {
		return 1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 1
	}
	return n + 1
}

// scriptAnnotation finds the value of a scripting annotation for an attempt:
// kt.test/attempt-<n>.<key> when present, else kt.test/<key>.
func scriptAnnotation(annotations map[string]string, attempt int, key string) (string, bool) {
	if v, ok := annotations[annotationPrefix+"attempt-"+strconv.Itoa(attempt)+"."+key]; ok {
		return v, true
	}
	v, ok := annotations[annotationPrefix+key]
	return v, ok
}

// chunk is output the script writes at offset after the container started.
type chunk struct {
	offset time.Duration
	data   []byte
}

// parseScript reads the log annotation format. One output line per annotation line.
// "@1.5s rest" writes rest 1.5s after the container started; lines without it are
// written at the offset of the line before (the first at 0). rest is plain text, or
//   - "!repeat N PATTERN": PATTERN repeated and cut to exactly N bytes, one line;
//   - "!b64 DATA": the base64-decoded bytes exactly, without a newline added (for
//     binary output, bytes that are not UTF-8, or output without a final newline);
//   - "!seq N EVERY TEXT": N lines "TEXT 1" to "TEXT N", one every EVERY.
func parseScript(s string) []chunk {
	if s == "" {
		return nil
	}
	var out []chunk
	var offset time.Duration
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "@"); ok {
			if at, text, ok := strings.Cut(rest, " "); ok {
				if d, err := time.ParseDuration(at); err == nil {
					offset, line = d, text
				}
			}
		}
		if seq, ok := numberedLines(offset, line); ok {
			out = append(out, seq...)
			continue
		}
		out = append(out, chunk{offset: offset, data: lineBytes(line)})
	}
	return out
}

// numberedLines reads "!seq N EVERY TEXT": N lines "TEXT 1" to "TEXT N", the first
// at offset and one more every EVERY (a Go duration).
func numberedLines(offset time.Duration, line string) ([]chunk, bool) {
	rest, ok := strings.CutPrefix(line, "!seq ")
	if !ok {
		return nil, false
	}
	fields := strings.SplitN(rest, " ", 3)
	if len(fields) != 3 {
		return nil, false
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 0 {
		return nil, false
	}
	every, err := time.ParseDuration(fields[1])
	if err != nil {
		return nil, false
	}
	out := make([]chunk, 0, n)
	for i := 1; i <= n; i++ {
		at := offset + time.Duration(i-1)*every
		out = append(out, chunk{offset: at, data: []byte(fields[2] + " " + strconv.Itoa(i) + "\n")})
	}
	return out, true
}

func lineBytes(line string) []byte {
	if rest, ok := strings.CutPrefix(line, "!b64 "); ok {
		if data, err := base64.StdEncoding.DecodeString(rest); err == nil {
			return data
		}
	}
	if rest, ok := strings.CutPrefix(line, "!repeat "); ok {
		if count, pattern, ok := strings.Cut(rest, " "); ok {
			if n, err := strconv.Atoi(count); err == nil && n >= 0 && pattern != "" {
				out := []byte(strings.Repeat(pattern, n/len(pattern)+1)[:n])
				return append(out, '\n')
			}
		}
	}
	return []byte(line + "\n")
}

// record is one entry of the container's log file as a CRI runtime writes it: a
// whole line (ending in '\n'), or a partial one (a line longer than maxRecordBytes,
// or output not yet ended by a newline), stamped with the time it was written.
type record struct {
	at   time.Time
	data []byte
}

func (r record) endsLine() bool { return len(r.data) > 0 && r.data[len(r.data)-1] == '\n' }

// toRecords turns a script into log records for a container that started at
// started. Times never go backwards, as in a real log file.
func toRecords(started time.Time, script []chunk) []record {
	var out []record
	last := started
	for _, c := range script {
		at := started.Add(c.offset)
		if at.Before(last) {
			at = last
		}
		last = at
		data := c.data
		for len(data) > 0 {
			end := len(data)
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				end = i + 1
			}
			if end > maxRecordBytes {
				end = maxRecordBytes
			}
			out = append(out, record{at: at, data: data[:end]})
			data = data[end:]
		}
	}
	return out
}
