package responsestest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/responses/responsestest"
)

// memberSets are the members the API's objects have, by kind: "response",
// "usage", "input_tokens_details", "output_tokens_details", "item:<type>"
// for output items, "part:<type>" for the parts of output messages.
type memberSets struct {
	// Required holds the members every object of the kind has.
	Required map[string][]string `json:"required"`
	// Allowed holds the members an object of the kind may have besides.
	Allowed map[string][]string `json:"allowed"`
	// Null holds the members of a response that are null in every
	// recording, where the request leaves them out.
	Null []string `json:"null"`
}

// recentDays is how far back from the newest recording a recording counts
// as recent: the members common to the recent ones are required.
const recentDays = 90

// apiMembers returns the member sets of the recorded responses, or of
// testdata/shapes.json when the recordings are absent.
func apiMembers(t *testing.T) memberSets {
	t.Helper()
	if dir, ok := conformanceDir(t); ok {
		return recordedMembers(t, dir)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "shapes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m memberSets
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// conformanceDir returns the conformance folder, if there is one, without
// skipping the test when there is none.
func conformanceDir(t *testing.T) (dir string, ok bool) {
	t.Helper()
	t.Run("conformance", func(t *testing.T) { dir = conformance.Dir(t) })
	return dir, dir != ""
}

// recordedMembers reads the member sets off the recorded responses of the
// OpenAI API (not Azure's, which adds members of its own).
func recordedMembers(t *testing.T, dir string) memberSets {
	t.Helper()
	var index map[string]struct {
		Provider string `json:"provider"`
		Kind     string `json:"kind"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &index); err != nil {
		t.Fatal(err)
	}
	type recording struct {
		created float64
		objects map[string][]map[string]any // by kind
	}
	var recs []recording
	newest := 0.0
	for name, e := range index {
		if e.Kind != "response" || e.Provider != "openai" || !strings.HasPrefix(name, "responses/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		var r map[string]any
		if err := json.Unmarshal(b, &r); err != nil || r["object"] != "response" {
			continue
		}
		rec := recording{objects: objectsByKind(r)}
		rec.created, _ = r["created_at"].(float64)
		newest = max(newest, rec.created)
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		t.Skip("no recorded responses in the conformance data")
	}
	m := memberSets{Required: map[string][]string{}, Allowed: map[string][]string{}}
	required := map[string]map[string]bool{}    // over the recent recordings
	requiredAll := map[string]map[string]bool{} // over all, for kinds no recent one has
	allowed := map[string]map[string]bool{}
	null := map[string]bool{}
	first := true
	for _, rec := range recs {
		recent := rec.created >= newest-recentDays*24*3600
		for kind, objs := range rec.objects {
			for _, o := range objs {
				intersect(requiredAll, kind, o)
				if recent {
					intersect(required, kind, o)
				}
				if allowed[kind] == nil {
					allowed[kind] = map[string]bool{}
				}
				for k := range o {
					allowed[kind][k] = true
				}
			}
		}
		if recent {
			r := rec.objects["response"][0]
			for k, v := range r {
				if first && v == nil {
					null[k] = true
				}
			}
			for k := range null {
				if r[k] != nil {
					delete(null, k)
				}
			}
			first = false
		}
	}
	for kind, set := range requiredAll {
		if required[kind] == nil {
			required[kind] = set
		}
	}
	for kind, set := range required {
		m.Required[kind] = slices.Sorted(maps.Keys(set))
	}
	for kind, set := range allowed {
		m.Allowed[kind] = slices.Sorted(maps.Keys(set))
	}
	m.Null = slices.Sorted(maps.Keys(null))
	return m
}

// intersect keeps in sets[kind] the members that o has too.
func intersect(sets map[string]map[string]bool, kind string, o map[string]any) {
	if sets[kind] == nil {
		sets[kind] = map[string]bool{}
		for k := range o {
			sets[kind][k] = true
		}
		return
	}
	for k := range sets[kind] {
		if _, ok := o[k]; !ok {
			delete(sets[kind], k)
		}
	}
}

// objectsByKind returns the objects of a response body by kind (see
// memberSets).
func objectsByKind(r map[string]any) map[string][]map[string]any {
	objs := map[string][]map[string]any{"response": {r}}
	if u, ok := r["usage"].(map[string]any); ok {
		objs["usage"] = append(objs["usage"], u)
		for _, k := range []string{"input_tokens_details", "output_tokens_details"} {
			if d, ok := u[k].(map[string]any); ok {
				objs[k] = append(objs[k], d)
			}
		}
	}
	items, _ := r["output"].([]any)
	for _, it := range items {
		it, ok := it.(map[string]any)
		if !ok {
			continue
		}
		typ, _ := it["type"].(string)
		objs["item:"+typ] = append(objs["item:"+typ], it)
		if typ != "message" {
			continue
		}
		parts, _ := it["content"].([]any)
		for _, p := range parts {
			if p, ok := p.(map[string]any); ok {
				typ, _ := p["type"].(string)
				objs["part:"+typ] = append(objs["part:"+typ], p)
			}
		}
	}
	return objs
}

// TestResponseMembers checks that every response the server returns has the
// members the API's responses have: no fewer, no others, and null where the
// API sends null.
func TestResponseMembers(t *testing.T) {
	t.Parallel()
	want := apiMembers(t)
	srv := responsestest.NewServer()
	defer srv.Close()

	type body struct {
		name    string
		resp    map[string]any
		notNull []string // members of want.Null this response sets
	}
	var bodies []body
	create := func(name string, reply *responsestest.Reply, request string, notNull ...string) map[string]any {
		if reply != nil {
			srv.Enqueue(*reply)
		}
		r := object(t, call(t, srv, "POST", "/responses", request))
		bodies = append(bodies, body{name, r, notNull})
		return r
	}
	const hi = `{"model":"gpt-5-mini","input":"What is the weather in Paris?"}`
	for _, c := range []struct {
		name    string
		reply   responsestest.Reply
		notNull []string
	}{
		{"text", responsestest.Text("Sunny."), nil},
		{"json", responsestest.JSON(map[string]any{"city": "Paris", "sunny": true}), nil},
		{"function calls", responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: map[string]string{"city": "Paris"}}), nil},
		{"refusal", responsestest.Refusal("I can't help with that."), nil},
		{"incomplete", responsestest.Incomplete("max_output_tokens", "Sun"), []string{"incomplete_details"}},
		{"failed", responsestest.Failed("server_error", "The model failed."), []string{"error"}},
	} {
		create(c.name, &c.reply, hi, c.notNull...)
	}
	create("default model", nil, `{"model":"gpt-5-mini","input":"Hello there.","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},"strict":true}]}`)

	const bg = `{"model":"gpt-5-mini","input":"hi","background":true}`
	queued := create("background queued", nil, bg)
	id, _ := queued["id"].(string)
	for _, name := range []string{"background in_progress", "background completed"} {
		bodies = append(bodies, body{name, object(t, call(t, srv, "GET", "/responses/"+id, "")), nil})
	}
	queued = create("background to cancel", nil, bg)
	id, _ = queued["id"].(string)
	bodies = append(bodies, body{"cancelled", object(t, call(t, srv, "POST", "/responses/"+id+"/cancel", "")), nil})

	for _, request := range []string{
		`{"model":"gpt-5-mini","input":"hi","stream":true}`,
		`{"model":"gpt-5-mini","input":"hi","stream":true,"background":true}`,
	} {
		stream := call(t, srv, "POST", "/responses", request)
		sc := bufio.NewScanner(bytes.NewReader(stream))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			ev := object(t, []byte(data))
			if r, ok := ev["response"].(map[string]any); ok {
				bodies = append(bodies, body{"stream " + ev["type"].(string), r, nil})
			}
		}
	}

	for _, b := range bodies {
		for kind, objs := range objectsByKind(b.resp) {
			req, ok := want.Required[kind]
			if !ok {
				continue // a kind the API's recordings do not show
			}
			allowed := append(slices.Clone(req), want.Allowed[kind]...)
			for _, o := range objs {
				for _, k := range req {
					if _, ok := o[k]; !ok {
						t.Errorf("%s: %s lacks %q: %v", b.name, kind, k, slices.Sorted(maps.Keys(o)))
					}
				}
				for k := range o {
					if !slices.Contains(allowed, k) {
						t.Errorf("%s: %s has %q, which the API never sends", b.name, kind, k)
					}
				}
			}
		}
		for _, k := range want.Null {
			if v, ok := b.resp[k]; ok && v != nil && !slices.Contains(b.notNull, k) {
				t.Errorf("%s: %q = %v, want null", b.name, k, v)
			}
		}
	}
	if len(bodies) != 19 {
		t.Errorf("checked %d responses, want the 19 of the scenarios", len(bodies))
	}
}

// TestShapesFixture checks that testdata/shapes.json, which the tests use
// when the recordings are absent, agrees with the recordings.
func TestShapesFixture(t *testing.T) {
	t.Parallel()
	dir := conformance.Dir(t)
	rec := recordedMembers(t, dir)
	b, err := os.ReadFile(filepath.Join("testdata", "shapes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fix memberSets
	if err := json.Unmarshal(b, &fix); err != nil {
		t.Fatal(err)
	}
	for kind, req := range fix.Required {
		allowed := append(slices.Clone(rec.Required[kind]), rec.Allowed[kind]...)
		for _, k := range append(req, fix.Allowed[kind]...) {
			if !slices.Contains(allowed, k) {
				t.Errorf("fixture: %s member %q is in no recording", kind, k)
			}
		}
		for _, k := range rec.Required[kind] {
			if !slices.Contains(req, k) {
				t.Errorf("fixture: %s lacks the required member %q", kind, k)
			}
		}
	}
}

// call sends a request with an API key and returns the body of the answer.
func call(t *testing.T, srv *responsestest.Server, method, path, body string) []byte {
	t.Helper()
	status, b := send(t, srv, method, path, body)
	if status != http.StatusOK {
		t.Fatalf("%s %s = %d %s", method, path, status, b)
	}
	return b
}

// send sends a request with an API key and returns the status and body of
// the answer.
func send(t *testing.T, srv *responsestest.Server, method, path, body string) (int, []byte) {
	t.Helper()
	return sendURL(t, method, srv.URL+path, body)
}

// sendURL sends a request to url with an API key and returns the status
// and body of the answer.
func sendURL(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk-test")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// object decodes a JSON object.
func object(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return m
}

// TestResponseEchoesTheRequest checks that the request's settings replace
// the defaults and nulls of a response, and that the members it leaves out
// keep theirs.
func TestResponseEchoesTheRequest(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("ok"))
	r := object(t, call(t, srv, "POST", "/responses", `{
		"model": "gpt-5-mini", "input": "hi", "instructions": "Be brief.",
		"user": "u1", "safety_identifier": "s1", "prompt_cache_key": "k1",
		"max_output_tokens": 100, "max_tool_calls": 3, "top_logprobs": 2,
		"temperature": 0.5, "store": false, "parallel_tool_calls": false,
		"reasoning": {"effort": "low"},
		"text": {"verbosity": "low"},
		"metadata": {"k": "v"}
	}`))
	for k, want := range map[string]any{
		"instructions":         "Be brief.",
		"user":                 "u1",
		"safety_identifier":    "s1",
		"prompt_cache_key":     "k1",
		"max_output_tokens":    100.0,
		"max_tool_calls":       3.0,
		"top_logprobs":         2.0,
		"temperature":          0.5,
		"top_p":                1.0,
		"store":                false,
		"parallel_tool_calls":  false,
		"background":           false,
		"reasoning":            map[string]any{"effort": "low", "summary": nil},
		"text":                 map[string]any{"format": map[string]any{"type": "text"}, "verbosity": "low"},
		"metadata":             map[string]any{"k": "v"},
		"previous_response_id": nil,
		"error":                nil,
		"incomplete_details":   nil,
	} {
		if diff := cmp.Diff(want, r[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	u := r["usage"].(map[string]any)
	want := map[string]any{"cached_tokens": 0.0, "cache_write_tokens": 0.0}
	if diff := cmp.Diff(want, u["input_tokens_details"]); diff != "" {
		t.Errorf("input_tokens_details (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"reasoning_tokens": 0.0}, u["output_tokens_details"]); diff != "" {
		t.Errorf("output_tokens_details (-want +got):\n%s", diff)
	}
}
