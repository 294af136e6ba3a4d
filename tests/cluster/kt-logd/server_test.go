package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeAPI serves one pod whose step-a container runs from started and terminates
// at finished (announced through the watch), with the given log script.
func fakeAPI(t *testing.T, podName string, started, finished time.Time, annotations map[string]string) *httptest.Server {
	t.Helper()
	podJSON := func(terminated bool) map[string]any {
		state := map[string]any{"running": map[string]any{"startedAt": started.Format(time.RFC3339Nano)}}
		if terminated {
			state = map[string]any{"terminated": map[string]any{"startedAt": started.Format(time.RFC3339Nano)}}
		}
		return map[string]any{
			"metadata": map[string]any{"name": podName, "resourceVersion": "1", "annotations": annotations},
			"status":   map[string]any{"containerStatuses": []any{map[string]any{"name": "step-a", "state": state}}},
		}
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != userAgent {
			t.Errorf("user agent %q", r.Header.Get("User-Agent"))
		}
		if r.URL.Query().Get("watch") != "true" {
			_ = json.NewEncoder(w).Encode(podJSON(time.Now().After(finished)))
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(time.Until(finished)):
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"type": "MODIFIED", "object": podJSON(true)})
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestFollowSendsLinesWhenDueAndEndsWithTheContainer(t *testing.T) {
	started := time.Now()
	api := fakeAPI(t, "run-pod", started, started.Add(900*time.Millisecond), map[string]string{
		"kt.test/log.step-a": "one\n@400ms two\n@700ms three\n",
	})
	defer api.Close()
	kubelet := httptest.NewServer(http.HandlerFunc((&apiClient{server: api.URL, http: api.Client()}).serveLogs))
	defer kubelet.Close()

	begin := time.Now()
	code, body := get(t, kubelet.URL+"/containerLogs/ns/run-pod/step-a?follow=true")
	took := time.Since(begin)
	if code != http.StatusOK || body != "one\ntwo\nthree\n" {
		t.Fatalf("%d %q", code, body)
	}
	if took < 600*time.Millisecond || took > 5*time.Second {
		t.Fatalf("follow took %v", took)
	}
}

func TestRetriedPodsPlayTheirAttemptsScript(t *testing.T) {
	started := time.Now().Add(-time.Minute)
	annotations := map[string]string{
		"kt.test/log.step-a":           "first try\n",
		"kt.test/attempt-2.log.step-a": "second try\n",
	}
	for pod, want := range map[string]string{"run-pod": "first try\n", "run-pod-retry1": "second try\n", "run-pod-retry2": "first try\n"} {
		api := fakeAPI(t, pod, started, started, annotations)
		kubelet := httptest.NewServer(http.HandlerFunc((&apiClient{server: api.URL, http: api.Client()}).serveLogs))
		code, body := get(t, kubelet.URL+"/containerLogs/ns/"+pod+"/step-a")
		if code != http.StatusOK || body != want {
			t.Errorf("%s: %d %q, want %q", pod, code, body, want)
		}
		kubelet.Close()
		api.Close()
	}
}

func TestErrorsAreTheKubeletsOwn(t *testing.T) {
	started := time.Now()
	api := fakeAPI(t, "run-pod", started, started.Add(time.Hour), nil)
	defer api.Close()
	kubelet := httptest.NewServer(http.HandlerFunc((&apiClient{server: api.URL, http: api.Client()}).serveLogs))
	defer kubelet.Close()
	for query, want := range map[string]string{
		"step-a?previous=true": fmt.Sprintf("%d previous terminated container %q in pod %q not found", 400, "step-a", "run-pod"),
		"step-b":               fmt.Sprintf("%d container %q in pod %q is not available", 400, "step-b", "run-pod"),
		"step-a?tailLines=-1":  `422 {"message": "Invalid request."}`,
		"step-a?follow=x":      `400 {"message": "Unable to decode query."}`,
	} {
		code, body := get(t, kubelet.URL+"/containerLogs/ns/run-pod/"+query)
		if got := fmt.Sprintf("%d %s", code, strings.TrimSpace(body)); got != want {
			t.Errorf("%s: got %s, want %s", query, got, want)
		}
	}
}
