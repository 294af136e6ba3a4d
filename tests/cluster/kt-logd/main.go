// kt-logd serves the kubelet's container-log endpoint for the local test cluster.
//
// kwok moves pods through their phases but can only serve logs from files named in
// Logs objects, so a test could not say what each step prints. kt-logd reads the
// script from the pod's annotations (Tekton copies them from the TaskRun) and plays
// it back: every line becomes visible at its offset after the container started, a
// follow stream ends once the container has terminated and everything is written.
// It only uses the standard library so that it builds in seconds.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const logAnnotationPrefix = "kt.test/log."

type apiClient struct {
	server string
	http   *http.Client
}

type containerState struct {
	Waiting *struct {
		Reason string `json:"reason"`
	} `json:"waiting"`
	Running *struct {
		StartedAt time.Time `json:"startedAt"`
	} `json:"running"`
	Terminated *struct {
		StartedAt time.Time `json:"startedAt"`
	} `json:"terminated"`
}

type containerStatus struct {
	Name  string         `json:"name"`
	State containerState `json:"state"`
}

type pod struct {
	Metadata struct {
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Status struct {
		InitContainerStatuses []containerStatus `json:"initContainerStatuses"`
		ContainerStatuses     []containerStatus `json:"containerStatuses"`
	} `json:"status"`
}

var errPodGone = errors.New("pod not found")

func (c *apiClient) getPod(ctx context.Context, ns, name string) (*pod, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/namespaces/%s/pods/%s", c.server, ns, name), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, errPodGone
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET pod %s/%s: %s", ns, name, resp.Status)
	}
	var p pod
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return nil, err
	}
	return &p, nil
}

// scriptLine is one line of a scripted log, due at offset after the container started.
type scriptLine struct {
	offset time.Duration
	text   string
}

// parseScript reads the annotation format: one log line per text line; a line
// "@1.5s text" is written 1.5s after the container started, other lines at the
// offset of the line before them (the first at 0).
func parseScript(s string) []scriptLine {
	if s == "" {
		return nil
	}
	var out []scriptLine
	var offset time.Duration
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "@"); ok {
			if at, text, ok := strings.Cut(rest, " "); ok {
				if d, err := time.ParseDuration(at); err == nil {
					offset, line = d, text
				}
			}
		}
		out = append(out, scriptLine{offset: offset, text: line})
	}
	return out
}

// containerProgress says when the container started and whether it has terminated;
// ok is false while it is still waiting to start.
func containerProgress(p *pod, container string) (started time.Time, terminated, ok bool, reason string) {
	all := append(append([]containerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...)
	for _, st := range all {
		if st.Name != container {
			continue
		}
		switch {
		case st.State.Terminated != nil:
			return st.State.Terminated.StartedAt, true, true, ""
		case st.State.Running != nil:
			return st.State.Running.StartedAt, false, true, ""
		case st.State.Waiting != nil:
			return time.Time{}, false, false, st.State.Waiting.Reason
		}
	}
	return time.Time{}, false, false, "ContainerCreating"
}

type logRequest struct {
	follow     bool
	timestamps bool
	tailLines  int       // negative: all
	since      time.Time // zero: from the start
	limitBytes int       // zero or negative: no limit
}

// parseLogRequest reads the PodLogOptions that the API server forwards.
func parseLogRequest(q url.Values) (logRequest, error) {
	req := logRequest{follow: q.Get("follow") == "true", timestamps: q.Get("timestamps") == "true", tailLines: -1}
	if t := q.Get("tailLines"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return req, fmt.Errorf("invalid tailLines %q", t)
		}
		req.tailLines = n
	}
	if t := q.Get("limitBytes"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n <= 0 {
			return req, fmt.Errorf("invalid limitBytes %q", t)
		}
		req.limitBytes = n
	}
	if t := q.Get("sinceSeconds"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n <= 0 {
			return req, fmt.Errorf("invalid sinceSeconds %q", t)
		}
		req.since = time.Now().Add(-time.Duration(n) * time.Second)
	}
	if t := q.Get("sinceTime"); t != "" {
		since, err := time.Parse(time.RFC3339, t)
		if err != nil {
			return req, fmt.Errorf("invalid sinceTime %q", t)
		}
		req.since = since
	}
	return req, nil
}

func (c *apiClient) serveLogs(w http.ResponseWriter, r *http.Request) {
	// Path: /containerLogs/{namespace}/{pod}/{container}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/containerLogs/"), "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		http.Error(w, "expected /containerLogs/{namespace}/{pod}/{container}", http.StatusBadRequest)
		return
	}
	ns, name, container := parts[0], parts[1], parts[2]
	req, err := parseLogRequest(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}

	ctx := r.Context()
	p, err := c.getPod(ctx, ns, name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	started, terminated, ok, reason := containerProgress(p, container)
	if !ok {
		// The kubelet answers the same way for a container that has not started.
		http.Error(w, fmt.Sprintf("container %q in pod %q is waiting to start: %s", container, name, reason), http.StatusBadRequest)
		return
	}
	script := parseScript(p.Metadata.Annotations[logAnnotationPrefix+container])

	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	written := 0
	// write sends one line; false ends the response (client gone or limitBytes reached).
	write := func(l scriptLine) bool {
		at := started.Add(l.offset)
		if at.Before(req.since) {
			return true
		}
		line := l.text + "\n"
		if req.timestamps {
			line = at.UTC().Format(time.RFC3339Nano) + " " + line
		}
		limited := req.limitBytes > 0 && written+len(line) >= req.limitBytes
		if limited {
			line = line[:req.limitBytes-written]
		}
		n, err := w.Write([]byte(line))
		written += n
		if err != nil || limited {
			if flusher != nil {
				flusher.Flush()
			}
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}

	// A terminated container has written everything, whatever the offsets say.
	due := func() int {
		if terminated {
			return len(script)
		}
		n := 0
		for n < len(script) && !time.Now().Before(started.Add(script[n].offset)) {
			n++
		}
		return n
	}
	sent := due()
	first := 0
	if req.tailLines >= 0 && sent > req.tailLines {
		first = sent - req.tailLines
	}
	for _, l := range script[first:sent] {
		if !write(l) {
			return
		}
	}
	if !req.follow {
		return
	}
	for !(terminated && sent == len(script)) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
		p, err := c.getPod(ctx, ns, name)
		if errors.Is(err, errPodGone) {
			return
		}
		if err == nil {
			_, terminated, _, _ = containerProgress(p, container)
		}
		for n := due(); sent < n; sent++ {
			if !write(script[sent]) {
				return
			}
		}
	}
}

func main() {
	listen := flag.String("listen", "127.0.0.1:10250", "address to serve the kubelet endpoint on")
	tlsCert := flag.String("tls-cert", "", "serving certificate")
	tlsKey := flag.String("tls-key", "", "serving key")
	server := flag.String("server", "https://127.0.0.1:6443", "API server URL")
	caFile := flag.String("ca", "", "CA of the API server")
	clientCert := flag.String("client-cert", "", "client certificate for the API server")
	clientKey := flag.String("client-key", "", "client key for the API server")
	flag.Parse()

	ca, err := os.ReadFile(*caFile)
	if err != nil {
		log.Fatalf("reading CA: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		log.Fatalf("no certificate in %s", *caFile)
	}
	cert, err := tls.LoadX509KeyPair(*clientCert, *clientKey)
	if err != nil {
		log.Fatalf("loading client certificate: %v", err)
	}
	c := &apiClient{server: *server, http: &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}},
	}}

	mux := http.NewServeMux()
	mux.HandleFunc("/containerLogs/", c.serveLogs)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	log.Printf("serving kubelet logs on https://%s", *listen)
	log.Fatal(http.ListenAndServeTLS(*listen, *tlsCert, *tlsKey, mux))
}
