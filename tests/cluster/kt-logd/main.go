// kt-logd serves the kubelet's container-log endpoint for the local test cluster.
//
// kwok moves pods through their phases but can only serve logs from files named in
// Logs objects, so a test could not say what each step prints. kt-logd reads the
// script from the pod's annotations (Tekton copies them from the TaskRun) and plays
// it back as a container runtime would have written it: every line becomes visible
// at its offset after the container started, and the query parameters are honoured
// the way the kubelet honours them (logs.go). A follow stream ends once the container
// has terminated and everything is written. Standard library only, so it builds in
// seconds.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

// serveLogs answers GET /containerLogs/{namespace}/{pod}/{container}.
func (c *apiClient) serveLogs(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/containerLogs/"), "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		http.Error(w, "expected /containerLogs/{namespace}/{pod}/{container}", http.StatusBadRequest)
		return
	}
	ns, name, container := parts[0], parts[1], parts[2]
	opts, err := parseLogOptions(r.URL.Query(), time.Now())
	switch {
	case errors.Is(err, errInvalid):
		http.Error(w, `{"message": "Invalid request."}`, http.StatusUnprocessableEntity)
		return
	case err != nil:
		http.Error(w, `{"message": "Unable to decode query."}`, http.StatusBadRequest)
		return
	}

	ctx := r.Context()
	p, err := c.getPod(ctx, ns, name)
	if errors.Is(err, errPodGone) {
		http.Error(w, fmt.Sprintf("pod %q does not exist", name), http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	state, err := p.containerState(container, opts.previous)
	if err != nil {
		// The kubelet's own messages (validateContainerLogStatus), also with 400.
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	attempt := attemptOf(name)
	text, _ := scriptAnnotation(p.Metadata.Annotations, attempt, "log."+container)
	records := toRecords(state.started, parseScript(text))

	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	if flusher != nil {
		flusher.Flush()
	}
	lw := newLogWriter(w, opts)
	// send writes the records due by now (all of them once the container has
	// terminated: its whole script counts as written); false ends the response.
	sent := tailStart(records[:due(records, state.terminated, time.Now())], opts)
	send := func() bool {
		n := due(records, state.terminated, time.Now())
		for ; sent < n; sent++ {
			if err := lw.write(records[sent]); err != nil {
				return false
			}
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	if !send() || !opts.follow {
		return
	}

	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	updates := c.watchPod(watchCtx, ns, name, p.Metadata.ResourceVersion)
	for !(state.terminated && sent == len(records)) {
		wait := time.Second
		if sent < len(records) {
			wait = max(time.Until(records[sent].at), time.Millisecond)
		}
		select {
		case <-ctx.Done():
			return
		case p, ok := <-updates:
			if !ok || p == nil {
				return // the pod is gone
			}
			if st, err := p.containerState(container, false); err == nil {
				state.terminated = st.terminated
			}
		case <-time.After(wait):
		}
		if !send() {
			return
		}
	}
}

// due is how many records have been written by now.
func due(records []record, terminated bool, now time.Time) int {
	if terminated {
		return len(records)
	}
	n := 0
	for n < len(records) && !now.Before(records[n].at) {
		n++
	}
	return n
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
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}},
	}}

	mux := http.NewServeMux()
	mux.HandleFunc("/containerLogs/", c.serveLogs)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	log.Printf("serving kubelet logs on https://%s", *listen)
	log.Fatal(http.ListenAndServeTLS(*listen, *tlsCert, *tlsKey, mux))
}
