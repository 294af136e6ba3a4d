package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// userAgent tells kt-logd's own API requests apart in the audit log.
const userAgent = "kt-logd"

type apiClient struct {
	server string
	http   *http.Client
}

type containerStatus struct {
	Name  string `json:"name"`
	State struct {
		Waiting *struct {
			Reason string `json:"reason"`
		} `json:"waiting"`
		Running *struct {
			StartedAt time.Time `json:"startedAt"`
		} `json:"running"`
		Terminated *struct {
			StartedAt time.Time `json:"startedAt"`
		} `json:"terminated"`
	} `json:"state"`
	LastState struct {
		Terminated *struct {
			StartedAt time.Time `json:"startedAt"`
		} `json:"terminated"`
	} `json:"lastState"`
}

type pod struct {
	Metadata struct {
		Name            string            `json:"name"`
		ResourceVersion string            `json:"resourceVersion"`
		Annotations     map[string]string `json:"annotations"`
	} `json:"metadata"`
	Status struct {
		InitContainerStatuses []containerStatus `json:"initContainerStatuses"`
		ContainerStatuses     []containerStatus `json:"containerStatuses"`
	} `json:"status"`
}

// logState is what serving a container's log needs from the pod.
type logState struct {
	started    time.Time
	terminated bool
}

// containerState finds the container and says when it started, or answers with the
// kubelet's error for a container that has no log yet (validateContainerLogStatus in
// pkg/kubelet/kubelet_pods.go).
func (p *pod) containerState(container string, previous bool) (logState, error) {
	for _, st := range append(append([]containerStatus{}, p.Status.ContainerStatuses...), p.Status.InitContainerStatuses...) {
		if st.Name != container {
			continue
		}
		switch {
		case previous:
			// Tekton's pods never restart a container, so there is never a previous one.
			if st.LastState.Terminated == nil {
				return logState{}, fmt.Errorf("previous terminated container %q in pod %q not found", container, p.Metadata.Name)
			}
			return logState{started: st.LastState.Terminated.StartedAt, terminated: true}, nil
		case st.State.Running != nil:
			return logState{started: st.State.Running.StartedAt}, nil
		case st.State.Terminated != nil:
			return logState{started: st.State.Terminated.StartedAt, terminated: true}, nil
		case st.State.Waiting != nil:
			return logState{}, fmt.Errorf("container %q in pod %q is waiting to start: %s", container, p.Metadata.Name, st.State.Waiting.Reason)
		default:
			return logState{}, fmt.Errorf("container %q in pod %q is waiting to start - no logs yet", container, p.Metadata.Name)
		}
	}
	return logState{}, fmt.Errorf("container %q in pod %q is not available", container, p.Metadata.Name)
}

var errPodGone = errors.New("pod not found")

func (c *apiClient) get(ctx context.Context, path string, query url.Values) (*http.Response, error) {
	u := c.server + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	return c.http.Do(req)
}

func (c *apiClient) getPod(ctx context.Context, ns, name string) (*pod, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := c.get(ctx, fmt.Sprintf("/api/v1/namespaces/%s/pods/%s", url.PathEscape(ns), url.PathEscape(name)), nil)
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

// watchPod sends the pod each time it changes, and nil once it is deleted; the
// channel closes when ctx ends. A watch that breaks (an API server restart, say) is
// opened again from the last version seen.
func (c *apiClient) watchPod(ctx context.Context, ns, name, resourceVersion string) <-chan *pod {
	out := make(chan *pod, 1)
	go func() {
		defer close(out)
		for ctx.Err() == nil {
			rv, gone, err := c.watchOnce(ctx, ns, name, resourceVersion, out)
			if gone {
				select {
				case out <- nil:
				case <-ctx.Done():
				}
				return
			}
			if rv != "" {
				resourceVersion = rv
			}
			if err != nil {
				// Expired version or API server away: start over from a fresh GET.
				select {
				case <-ctx.Done():
					return
				case <-time.After(500 * time.Millisecond):
				}
				p, err := c.getPod(ctx, ns, name)
				if errors.Is(err, errPodGone) {
					resourceVersion = ""
					select {
					case out <- nil:
					case <-ctx.Done():
					}
					return
				}
				if err == nil {
					resourceVersion = p.Metadata.ResourceVersion
					select {
					case out <- p:
					case <-ctx.Done():
						return
					}
				}
			}
		}
	}()
	return out
}

func (c *apiClient) watchOnce(ctx context.Context, ns, name, resourceVersion string, out chan<- *pod) (lastVersion string, gone bool, err error) {
	q := url.Values{
		"watch":           {"true"},
		"fieldSelector":   {"metadata.name=" + name},
		"resourceVersion": {resourceVersion},
	}
	resp, err := c.get(ctx, fmt.Sprintf("/api/v1/namespaces/%s/pods", url.PathEscape(ns)), q)
	if err != nil {
		return "", false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false, fmt.Errorf("watch pod %s/%s: %s", ns, name, resp.Status)
	}
	scanner := bufio.NewScanner(resp.Body)
	scanner.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		var ev struct {
			Type   string `json:"type"`
			Object pod    `json:"object"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &ev); err != nil {
			return lastVersion, false, err
		}
		switch ev.Type {
		case "DELETED":
			return lastVersion, true, nil
		case "ERROR":
			return lastVersion, false, errors.New("watch error event")
		case "ADDED", "MODIFIED":
			lastVersion = ev.Object.Metadata.ResourceVersion
			p := ev.Object
			select {
			case out <- &p:
			case <-ctx.Done():
				return lastVersion, false, nil
			}
		}
	}
	return lastVersion, false, scanner.Err()
}
