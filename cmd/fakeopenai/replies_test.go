package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestParseLine(t *testing.T) {
	t.Parallel()
	req := &responses.Request{Model: "m", Input: responses.Text("hi")}
	tests := []struct {
		line  string
		check func(t *testing.T, r responsestest.Reply)
	}{
		{`{"text":"hi"}`, func(t *testing.T, r responsestest.Reply) {
			if m, ok := r.Output[0].(*responses.Message); !ok || m.Text() != "hi" {
				t.Errorf("output = %v", r.Output)
			}
		}},
		{`{"json":{"b": 1, "a": [true]}}`, func(t *testing.T, r responsestest.Reply) {
			if got := r.Output[0].(*responses.Message).Text(); got != `{"b":1,"a":[true]}` {
				t.Errorf("text = %s", got)
			}
		}},
		{`{"function_calls":[{"name":"f","arguments":{"x":1}},{"name":"g","arguments":"{bad"},{"name":"h"}]}`, func(t *testing.T, r responsestest.Reply) {
			var args []string
			for _, it := range r.Output {
				args = append(args, it.(*responses.FunctionCall).Arguments)
			}
			if strings.Join(args, " ") != `{"x":1} {bad {}` {
				t.Errorf("arguments = %q", args)
			}
		}},
		{`{"refusal":"no"}`, func(t *testing.T, r responsestest.Reply) {
			if r.Output[0].(*responses.Message).Refusal() != "no" {
				t.Errorf("output = %v", r.Output)
			}
		}},
		{`{"incomplete":{"text":"par"}}`, func(t *testing.T, r responsestest.Reply) {
			if r.Status != responses.StatusIncomplete || r.IncompleteReason != "max_output_tokens" {
				t.Errorf("reply = %+v", r)
			}
		}},
		{`{"failed":{"code":"server_error"}}`, func(t *testing.T, r responsestest.Reply) {
			if r.Status != responses.StatusFailed || r.Failure.Code != "server_error" {
				t.Errorf("reply = %+v", r)
			}
		}},
		{`{"error":{"status":429},"retry_after":1500}`, func(t *testing.T, r responsestest.Reply) {
			if r.StatusCode != 429 || !strings.Contains(string(r.Body), `"type":"requests"`) ||
				r.Header.Get("retry-after-ms") != "1500" || r.Header.Get("retry-after") != "2" {
				t.Errorf("reply = %d %s %v", r.StatusCode, r.Body, r.Header)
			}
		}},
		{`{"error":{"status":503,"message":"Overloaded."},"headers":{"x-should-retry":"false"}}`, func(t *testing.T, r responsestest.Reply) {
			if r.StatusCode != 503 || !strings.Contains(string(r.Body), `"type":"server_error"`) || r.Header.Get("x-should-retry") != "false" {
				t.Errorf("reply = %d %s %v", r.StatusCode, r.Body, r.Header)
			}
		}},
		{`{"simulate":true,"delay":"20ms","event_delay":5,"drop_after_bytes":10,"drop_after_events":3}`, func(t *testing.T, r responsestest.Reply) {
			if len(r.Output) != 1 || r.Delay != 20*time.Millisecond || r.EventDelay != 5*time.Millisecond || r.DropAfter != 10 || r.DropAfterEvents != 3 {
				t.Errorf("reply = %+v", r)
			}
		}},
		{`{"text":"x","stall_after_events":0}`, func(t *testing.T, r responsestest.Reply) {
			if r.Stall == nil || *r.Stall != (responsestest.Stall{After: 0}) {
				t.Errorf("stall = %+v", r.Stall)
			}
		}},
		{`{"text":"x","stall_at_end":true,"stall_for":"1s"}`, func(t *testing.T, r responsestest.Reply) {
			if r.Stall == nil || *r.Stall != (responsestest.Stall{After: responsestest.StallAtEnd, For: time.Second}) {
				t.Errorf("stall = %+v", r.Stall)
			}
		}},
		{`{"text":"x","error_after_events":5,"flat_error_event":true}`, func(t *testing.T, r responsestest.Reply) {
			if r.ErrorEvent == nil || r.ErrorEvent.Code != "server_error" || r.ErrorAfterEvents != 5 || !r.FlatErrorEvent {
				t.Errorf("reply = %+v", r)
			}
		}},
		{`{"text":"x","large_event_size":100}`, func(t *testing.T, r responsestest.Reply) {
			if r.LargeEvent == nil || *r.LargeEvent != (responsestest.LargeEvent{After: 1, Size: 100}) {
				t.Errorf("large event = %+v", r.LargeEvent)
			}
		}},
	}
	for _, tt := range tests {
		e, err := parseLine([]byte(tt.line))
		if err != nil {
			t.Errorf("parseLine(%s) = %v", tt.line, err)
			continue
		}
		t.Run(tt.line, func(t *testing.T) { tt.check(t, e.answer(req, faults{})) })
	}
}

func TestParseLineErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ line, want string }{
		{`{}`, "no reply"},
		{`{"txt":"hi"}`, `unknown field "txt"`},
		{`{"text":"a","refusal":"b"}`, "more than one reply"},
		{`{"text":"a"} {"text":"b"}`, "more than one JSON value"},
		{`{"text":1}`, "not a reply"},
		{`{"error":{"status":200}}`, "not an HTTP error status"},
		{`{"function_calls":[]}`, "empty"},
		{`{"function_calls":[{"arguments":{}}]}`, "no name"},
		{`{"text":"a","delay":"soon"}`, "bad duration"},
		{`{"text":"a","drop_after_events":-1}`, "negative"},
		{`[1]`, "not a reply"},
	}
	for _, tt := range tests {
		if _, err := parseLine([]byte(tt.line)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseLine(%s) = %v, want an error with %q", tt.line, err, tt.want)
		}
	}
}

func TestParseReplies(t *testing.T) {
	t.Parallel()
	entries, err := parseReplies(strings.NewReader("# comment\n\n{\"text\":\"a\"}\n  {\"simulate\":true}\n"))
	if err != nil || len(entries) != 2 || !entries[1].simulate {
		t.Fatalf("parseReplies = %+v, %v", entries, err)
	}
	_, err = parseReplies(strings.NewReader("{\"text\":\"a\"}\n\n{\"text\":\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "line 3: ") {
		t.Errorf("parseReplies of a bad third line = %v", err)
	}
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	var f faults
	for _, s := range []string{"delay=200ms", "drop_after_events=3", `headers={"x-a":"1"}`, "stall_at_end=true"} {
		if err := parseFault(&f, s); err != nil {
			t.Fatalf("parseFault(%s) = %v", s, err)
		}
	}
	r := f.apply(responsestest.Text("x"))
	if r.Delay != 200*time.Millisecond || r.DropAfterEvents != 3 || r.Header.Get("x-a") != "1" || r.Stall == nil {
		t.Errorf("reply = %+v", r)
	}
	for _, s := range []string{"delay", "=1", "nope=1", "delay=[1]", "stall_after_events=-2"} {
		if err := parseFault(&f, s); err == nil {
			t.Errorf("parseFault(%s) succeeded", s)
		}
	}
	// A line's faults override the global ones.
	e, _ := parseLine([]byte(`{"error":{"status":500},"delay":"1ms"}`))
	if r := e.answer(nil, f); r.Delay != time.Millisecond || r.StatusCode != http.StatusInternalServerError || r.DropAfterEvents != 3 {
		t.Errorf("reply = %+v", r)
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"text":"hi","delay":"1s"}`))
	f.Add([]byte(`{"function_calls":[{"name":"f","arguments":{"a":1}}],"stall_after_events":2}`))
	f.Add([]byte(`{"error":{"status":429,"code":"x"},"retry_after":12.5,"headers":{"a":"b"}}`))
	f.Add([]byte(`{"json":[1,2],"large_event_after":1,"large_event_size":10}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := parseLine(b)
		if err == nil {
			e.answer(&responses.Request{Model: "m"}, faults{})
		}
	})
}
