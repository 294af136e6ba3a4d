package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"
)

// timestampFormat is how the kubelet stamps lines with timestamps=true: RFC 3339 with
// fixed-width nanoseconds (k8s.io/cri-client pkg/logs, RFC3339NanoFixed), not Go's
// RFC3339Nano, which drops trailing zeros.
const timestampFormat = "2006-01-02T15:04:05.000000000Z07:00"

// logOptions are the container-log query parameters the kubelet honours (the
// PodLogOptions the API server forwards, pkg/registry/core/pod/strategy.go).
type logOptions struct {
	follow     bool
	previous   bool
	timestamps bool
	tailLines  *int64
	limitBytes *int64
	since      time.Time // zero: from the start
	stream     string    // All, Stdout or Stderr
}

// errInvalid is a request the kubelet rejects with 422 (ValidatePodLogOptions);
// other parse errors are its 400 "Unable to decode query".
var errInvalid = errors.New("invalid request")

func parseBool(q url.Values, key string) (bool, error) {
	v := q.Get(key)
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(v)
}

func parseInt(q url.Values, key string) (*int64, error) {
	v := q.Get(key)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// parseLogOptions reads the query as the kubelet does, now being the request time.
func parseLogOptions(q url.Values, now time.Time) (logOptions, error) {
	var o logOptions
	// The kubelet still accepts the old "tail" parameter, with "all" for no limit.
	if tail := q.Get("tail"); tail != "" {
		q = cloneValues(q)
		q.Set("tailLines", tail)
		if tail == "all" {
			q.Del("tailLines")
		}
	}
	var err error
	if o.follow, err = parseBool(q, "follow"); err != nil {
		return o, err
	}
	if o.previous, err = parseBool(q, "previous"); err != nil {
		return o, err
	}
	if o.timestamps, err = parseBool(q, "timestamps"); err != nil {
		return o, err
	}
	if o.tailLines, err = parseInt(q, "tailLines"); err != nil {
		return o, err
	}
	if o.limitBytes, err = parseInt(q, "limitBytes"); err != nil {
		return o, err
	}
	sinceSeconds, err := parseInt(q, "sinceSeconds")
	if err != nil {
		return o, err
	}
	var sinceTime *time.Time
	if v := q.Get("sinceTime"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return o, err
		}
		sinceTime = &t
	}
	o.stream = q.Get("stream")
	if o.stream == "" {
		o.stream = "All"
	}
	switch {
	case o.tailLines != nil && *o.tailLines < 0:
		return o, fmt.Errorf("%w: tailLines must not be negative", errInvalid)
	case o.limitBytes != nil && *o.limitBytes < 1:
		return o, fmt.Errorf("%w: limitBytes must be greater than 0", errInvalid)
	case sinceSeconds != nil && sinceTime != nil:
		return o, fmt.Errorf("%w: at most one of sinceTime or sinceSeconds may be specified", errInvalid)
	case sinceSeconds != nil && *sinceSeconds < 1:
		return o, fmt.Errorf("%w: sinceSeconds must be greater than 0", errInvalid)
	case o.stream != "All" && o.stream != "Stdout" && o.stream != "Stderr":
		return o, fmt.Errorf("%w: invalid stream type %q", errInvalid, o.stream)
	}
	// As kuberuntime_logs.go: sinceSeconds counts back from now; a sinceTime later
	// than that wins.
	if sinceSeconds != nil {
		o.since = now.Add(-time.Duration(*sinceSeconds) * time.Second)
	}
	if sinceTime != nil && sinceTime.After(o.since) {
		o.since = *sinceTime
	}
	return o, nil
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// errLimitReached ends a response once limitBytes are out.
var errLimitReached = errors.New("limitBytes reached")

// logWriter writes records the way the kubelet's CRI log reader does
// (k8s.io/cri-client pkg/logs ReadLogs): records older than since are skipped, a
// timestamp starts each new line (not the continuation of a partial one), and the
// output is cut at limitBytes.
type logWriter struct {
	out       io.Writer
	opts      logOptions
	remaining int64
	newLine   bool
	// toTail counts what a non-follow tail request may still write; negative: no cap.
	toTail int64
}

func newLogWriter(out io.Writer, opts logOptions) *logWriter {
	w := &logWriter{out: out, opts: opts, remaining: -1, newLine: true, toTail: -1}
	if opts.limitBytes != nil {
		w.remaining = *opts.limitBytes
	}
	if opts.tailLines != nil && !opts.follow {
		w.toTail = *opts.tailLines
	}
	// Everything the scripts print is stdout.
	if opts.stream == "Stderr" {
		w.out = io.Discard
	}
	return w
}

// tailStart is the index of the first record to send: the last tailLines records
// (runtime records, so a long line split in several counts several times, as with
// the kubelet).
func tailStart(records []record, opts logOptions) int {
	if opts.tailLines == nil || int64(len(records)) <= *opts.tailLines {
		return 0
	}
	return len(records) - int(*opts.tailLines)
}

// write sends one record; errLimitReached (or a write error) ends the response.
func (w *logWriter) write(r record) error {
	if w.toTail == 0 {
		return errLimitReached
	}
	if w.toTail > 0 {
		w.toTail--
	}
	addPrefix := w.newLine
	w.newLine = r.endsLine()
	if r.at.Before(w.opts.since) {
		return nil
	}
	line := r.data
	if w.opts.timestamps && addPrefix {
		line = append([]byte(r.at.UTC().Format(timestampFormat)+" "), line...)
	}
	if w.remaining >= 0 && int64(len(line)) > w.remaining {
		line = line[:w.remaining]
	}
	if w.out == io.Discard {
		return nil
	}
	n, err := w.out.Write(line)
	if w.remaining >= 0 {
		w.remaining -= int64(n)
	}
	if err != nil {
		return err
	}
	if w.remaining == 0 || w.toTail == 0 {
		return errLimitReached
	}
	return nil
}
