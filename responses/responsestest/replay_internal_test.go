package responsestest

import (
	"slices"
	"strings"
	"testing"
)

func TestSameBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, true},
		{`{"a":1}`, `{"a":1.0}`, true},
		{`{"a":1}`, ` {"a":1} `, true},
		{`{"a":[1,2]}`, `{"a":[2,1]}`, false},
		{`{"a":1}`, `{"a":1,"b":null}`, false},
		{``, ``, true},
		{`not json`, `not json`, true},
		{`not json`, `{"a":1}`, false},
	}
	for _, tt := range tests {
		if got := sameBody([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("sameBody(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestBodyDiffs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		recorded, sent string
		want           []string
	}{
		{`{"model":"a","input":"x"}`, `{"input":"x","model":"a"}`, nil},
		{`{"model":"a","stream":true}`, `{"model":"b","tools":[]}`, []string{
			`body member "model": recorded "a", sent "b"`,
			`body member "stream": recorded true, not sent`,
			`body member "tools": not recorded, sent []`,
		}},
		{`{"a":1}`, `[1]`, []string{`body: recorded {"a":1}, sent [1]`}},
		{`{"a":1}`, ``, []string{`body: recorded {"a":1}, sent no body`}},
	}
	for _, tt := range tests {
		if got := bodyDiffs([]byte(tt.recorded), []byte(tt.sent)); !slices.Equal(got, tt.want) {
			t.Errorf("bodyDiffs(%s, %s) = %q, want %q", tt.recorded, tt.sent, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	rp := NewReplayer([]Exchange{
		{Method: "GET", Path: "/v1/responses/resp_1"},
		{Method: "POST", Path: "/v1/responses", RequestBody: []byte(`{"model":"m","input":"a"}`)},
		{Method: "POST", Path: "/v1/responses", RequestBody: []byte(`{"model":"m","input":"b","stream":true}`)},
	}, nil)
	_, err := rp.match("POST", "/v1/responses", "", []byte(`{"model":"m","input":"c"}`))
	var ue *UnmatchedError
	if e, ok := err.(*UnmatchedError); ok {
		ue = e
	}
	if ue == nil || ue.Closest != 1 || len(ue.Diffs) != 1 || !strings.Contains(ue.Error(), "exchange 1 (POST /v1/responses)") {
		t.Errorf("match = %v", err)
	}
	if _, err := NewReplayer(nil, nil).match("GET", "/", "", nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("match in an empty recording = %v", err)
	}
	// Used up, the last match answers again.
	body := []byte(`{"input":"a","model":"m"}`)
	for range 2 {
		if ex, err := rp.match("POST", "/v1/responses", "", body); err != nil || ex != &rp.exchanges[1] {
			t.Errorf("match = %v, %v", ex, err)
		}
	}
}

func TestMatchQuery(t *testing.T) {
	t.Parallel()
	rp := NewReplayer([]Exchange{
		{Method: "GET", Path: "/v1/responses/r", Query: "stream=true&starting_after=3"},
		{Method: "GET", Path: "/v1/responses/r"},
	}, nil)
	if ex, err := rp.match("GET", "/v1/responses/r", "starting_after=3&stream=true", nil); err != nil || ex != &rp.exchanges[0] {
		t.Errorf("match with the query = %v, %v", ex, err)
	}
	if ex, err := rp.match("GET", "/v1/responses/r", "", nil); err != nil || ex != &rp.exchanges[1] {
		t.Errorf("match without a query = %v, %v", ex, err)
	}
	_, err := rp.match("GET", "/v1/responses/r", "stream=true", nil)
	if err == nil || !strings.Contains(err.Error(), `query: recorded "stream=true&starting_after=3", sent "stream=true"`) && !strings.Contains(err.Error(), `query: recorded "", sent "stream=true"`) {
		t.Errorf("match with another query = %v", err)
	}
}

func FuzzBodyDiffs(f *testing.F) {
	f.Add([]byte(`{"model":"a","n":1}`), []byte(`{"n":1.0,"model":"b"}`))
	f.Add([]byte(`[1,{"a":null}]`), []byte(`not json`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		diffs := bodyDiffs(a, b)
		if same := sameBody(a, b); same != (len(diffs) == 0) {
			t.Errorf("sameBody = %v, but diffs %q", same, diffs)
		}
	})
}
