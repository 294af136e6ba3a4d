package main

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

func records(t *testing.T, script string) []record {
	t.Helper()
	return toRecords(t0, parseScript(script))
}

// read writes every record with the options in query, as one non-follow request.
func read(t *testing.T, recs []record, query string) string {
	t.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := parseLogOptions(q, t0.Add(time.Minute))
	if err != nil {
		t.Fatalf("parseLogOptions(%q): %v", query, err)
	}
	var out bytes.Buffer
	w := newLogWriter(&out, opts)
	for _, r := range recs[tailStart(recs, opts):] {
		if w.write(r) != nil {
			break
		}
	}
	return out.String()
}

func TestScriptOffsetsCarryOverAndTimesNeverGoBack(t *testing.T) {
	recs := records(t, "a\n@1.5s b\nc\n@1s d\n")
	var got []string
	for _, r := range recs {
		got = append(got, r.at.Sub(t0).String()+" "+string(r.data))
	}
	want := []string{"0s a\n", "1.5s b\n", "1.5s c\n", "1.5s d\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTimestampsAreRFC3339WithFixedWidthNanoseconds(t *testing.T) {
	got := read(t, records(t, "a\n@1.5s b\n"), "timestamps=true")
	want := "2026-12-04T10:00:00.000000000Z a\n2026-12-04T10:00:01.500000000Z b\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTailLinesKeepsTheLastRecords(t *testing.T) {
	recs := records(t, "1\n2\n3\n4\n")
	if got := read(t, recs, "tailLines=2"); got != "3\n4\n" {
		t.Fatalf("tailLines=2: %q", got)
	}
	if got := read(t, recs, "tailLines=0"); got != "" {
		t.Fatalf("tailLines=0: %q", got)
	}
	if got := read(t, recs, "tailLines=10"); got != "1\n2\n3\n4\n" {
		t.Fatalf("tailLines=10: %q", got)
	}
	if got := read(t, recs, "tail=all"); got != "1\n2\n3\n4\n" {
		t.Fatalf("tail=all: %q", got)
	}
	if got := read(t, recs, "tail=1"); got != "4\n" {
		t.Fatalf("tail=1: %q", got)
	}
}

func TestSinceTimeKeepsLinesAtOrAfterIt(t *testing.T) {
	recs := records(t, "a\n@1s b\n@2s c\n")
	if got := read(t, recs, "sinceTime=2026-12-04T10:00:01Z"); got != "b\nc\n" {
		t.Fatalf("sinceTime: %q", got)
	}
	// sinceSeconds counts back from the request (a minute after t0 here).
	if got := read(t, recs, "sinceSeconds=59"); got != "b\nc\n" {
		t.Fatalf("sinceSeconds: %q", got)
	}
	// Tail is applied first, then since, as in the kubelet.
	if got := read(t, recs, "tailLines=1&sinceTime=2026-12-04T10:00:01Z"); got != "c\n" {
		t.Fatalf("tail and since: %q", got)
	}
}

func TestLimitBytesCutsTheOutputTimestampsIncluded(t *testing.T) {
	recs := records(t, "hello\nworld\n")
	if got := read(t, recs, "limitBytes=8"); got != "hello\nwo" {
		t.Fatalf("limitBytes: %q", got)
	}
	if got := read(t, recs, "limitBytes=5&timestamps=true"); got != "2026-" {
		t.Fatalf("limitBytes with timestamps: %q", got)
	}
}

func TestInvalidOptionsAreRejectedAsTheKubeletDoes(t *testing.T) {
	for _, query := range []string{"tailLines=-1", "limitBytes=0", "sinceSeconds=0", "sinceSeconds=1&sinceTime=2026-12-04T10:00:00Z", "stream=Both"} {
		q, _ := url.ParseQuery(query)
		if _, err := parseLogOptions(q, t0); err == nil || !strings.Contains(err.Error(), "invalid request") {
			t.Errorf("%s: want a 422 error, got %v", query, err)
		}
	}
	for _, query := range []string{"tailLines=x", "follow=maybe", "sinceTime=yesterday"} {
		q, _ := url.ParseQuery(query)
		if _, err := parseLogOptions(q, t0); err == nil || strings.Contains(err.Error(), "invalid request") {
			t.Errorf("%s: want a decode error, got %v", query, err)
		}
	}
}

func TestStderrIsEmptyBecauseScriptsPrintToStdout(t *testing.T) {
	if got := read(t, records(t, "a\n"), "stream=Stderr"); got != "" {
		t.Fatalf("stream=Stderr: %q", got)
	}
	if got := read(t, records(t, "a\n"), "stream=Stdout"); got != "a\n" {
		t.Fatalf("stream=Stdout: %q", got)
	}
}

func TestLongLinesAreSplitIntoPartialRecordsWithOneTimestamp(t *testing.T) {
	recs := records(t, "!repeat 100000 0123456789\nnext\n")
	if len(recs) != 8 { // ceil(100001 / 16384) records for the long line, one more
		t.Fatalf("%d records", len(recs))
	}
	got := read(t, recs, "timestamps=true")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	stamp := "2026-12-04T10:00:00.000000000Z "
	if lines[0] != stamp+strings.Repeat("0123456789", 10000) || lines[1] != stamp+"next" {
		t.Fatalf("lines: %.80q..., %q", lines[0], lines[1])
	}
	// tailLines counts runtime records, as the kubelet does.
	if got := read(t, recs, "tailLines=2"); got != strings.Repeat("0123456789", 10000)[6*maxRecordBytes:]+"\nnext\n" {
		t.Fatalf("tailLines over a split line: %.40q", got)
	}
}

func TestBinaryOutputPassesThroughByteForByte(t *testing.T) {
	raw := []byte{0xff, 0xfe, 0x00, 'x', 0x80, '\n', 0xc3}
	recs := records(t, "!b64 "+base64.StdEncoding.EncodeToString(raw)+"\nend\n")
	got := read(t, recs, "")
	if got != string(raw)+"end\n" {
		t.Fatalf("got %q", got)
	}
	// The trailing 0xc3 has no newline: "end" continues that line, without a stamp.
	got = read(t, recs, "timestamps=true")
	stamp := "2026-12-04T10:00:00.000000000Z "
	if got != stamp+string(raw[:6])+stamp+"\xc3end\n" {
		t.Fatalf("with timestamps: %q", got)
	}
}

func TestAttemptsComeFromTektonsRetryPodNames(t *testing.T) {
	for name, want := range map[string]int{"build-pod": 1, "build-pod-retry1": 2, "build-pod-retry12": 13, "retry1-pod": 1} {
		if got := attemptOf(name); got != want {
			t.Errorf("attemptOf(%q) = %d, want %d", name, got, want)
		}
	}
	a := map[string]string{"kt.test/log.step-x": "all", "kt.test/attempt-2.log.step-x": "second"}
	if v, _ := scriptAnnotation(a, 1, "log.step-x"); v != "all" {
		t.Errorf("attempt 1: %q", v)
	}
	if v, _ := scriptAnnotation(a, 2, "log.step-x"); v != "second" {
		t.Errorf("attempt 2: %q", v)
	}
	if v, _ := scriptAnnotation(a, 3, "log.step-x"); v != "all" {
		t.Errorf("attempt 3: %q", v)
	}
}

func TestSeqWritesNumberedLinesOverTime(t *testing.T) {
	recs := records(t, "@1s !seq 3 250ms line\nafter\n")
	var got []string
	for _, r := range recs {
		got = append(got, r.at.Sub(t0).String()+" "+string(r.data))
	}
	want := []string{"1s line 1\n", "1.25s line 2\n", "1.5s line 3\n", "1.5s after\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
