package responsestest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses/responsestest"
)

type batchObj struct {
	ID       string `json:"id"`
	Object   string `json:"object"`
	Endpoint string `json:"endpoint"`
	Model    string `json:"model"`
	Errors   *struct {
		Object string `json:"object"`
		Data   []struct {
			Code    string  `json:"code"`
			Message string  `json:"message"`
			Param   *string `json:"param"`
			Line    *int    `json:"line"`
		} `json:"data"`
	} `json:"errors"`
	InputFileID      string  `json:"input_file_id"`
	CompletionWindow string  `json:"completion_window"`
	Status           string  `json:"status"`
	OutputFileID     *string `json:"output_file_id"`
	ErrorFileID      *string `json:"error_file_id"`
	CreatedAt        int64   `json:"created_at"`
	InProgressAt     *int64  `json:"in_progress_at"`
	ExpiresAt        *int64  `json:"expires_at"`
	FinalizingAt     *int64  `json:"finalizing_at"`
	CompletedAt      *int64  `json:"completed_at"`
	FailedAt         *int64  `json:"failed_at"`
	ExpiredAt        *int64  `json:"expired_at"`
	CancellingAt     *int64  `json:"cancelling_at"`
	CancelledAt      *int64  `json:"cancelled_at"`
	RequestCounts    struct {
		Total     int `json:"total"`
		Completed int `json:"completed"`
		Failed    int `json:"failed"`
	} `json:"request_counts"`
	Usage struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
		TotalTokens  int `json:"total_tokens"`
	} `json:"usage"`
	Metadata map[string]string `json:"metadata"`
}

// outLine is a line of an output or error file.
type outLine struct {
	ID       string `json:"id"`
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		RequestID  string          `json:"request_id"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// line is a line of a batch input file for /v1/responses.
func line(id, input string) string {
	return fmt.Sprintf(`{"custom_id":%q,"method":"POST","url":"/v1/responses","body":{"model":"gpt-5","input":%q}}`, id, input)
}

// batchOf uploads lines and creates a batch of them.
func (a *api) batchOf(lines ...string) batchObj {
	a.t.Helper()
	f := a.upload("batch", "in.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	var b batchObj
	a.json("POST", "/batches", map[string]any{"input_file_id": f.ID, "endpoint": "/v1/responses", "completion_window": "24h"}, 200, &b)
	return b
}

func (a *api) getBatch(id string) batchObj {
	a.t.Helper()
	var b batchObj
	a.json("GET", "/batches/"+id, nil, 200, &b)
	return b
}

// lines reads the JSONL file id, or none if id is nil.
func (a *api) lines(id *string) map[string]outLine {
	a.t.Helper()
	if id == nil {
		return nil
	}
	res, body := a.do("GET", "/files/"+*id+"/content", "", nil)
	if res.StatusCode != 200 {
		a.t.Fatalf("content of %s = %d %s", *id, res.StatusCode, body)
	}
	out := map[string]outLine{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		var l outLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			a.t.Fatalf("line %s: %v", sc.Bytes(), err)
		}
		if _, dup := out[l.CustomID]; dup {
			a.t.Errorf("custom_id %s twice", l.CustomID)
		}
		out[l.CustomID] = l
	}
	return out
}

func keys(m map[string]outLine) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestBatchCompletes follows a batch through its states in virtual time.
func TestBatchCompletes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.Enqueue(responsestest.Text("first"))
		start := time.Now()
		b := a.batchOf(line("a", "one"), line("b", "two"), line("c", "three"))
		if !strings.HasPrefix(b.ID, "batch_") || b.Object != "batch" || b.Status != "validating" || b.Endpoint != "/v1/responses" ||
			b.CompletionWindow != "24h" || b.CreatedAt != start.Unix() || *b.ExpiresAt != start.Add(24*time.Hour).Unix() ||
			b.InProgressAt != nil || b.OutputFileID != nil || b.Errors != nil || b.Metadata == nil {
			t.Fatalf("created %+v", b)
		}
		at := func(d time.Duration, status string, completed int) batchObj {
			t.Helper()
			time.Sleep(time.Until(start.Add(d)))
			got := a.getBatch(b.ID)
			if got.Status != status || got.RequestCounts.Completed != completed {
				t.Fatalf("at %v: %s with %d completed, want %s with %d", d, got.Status, got.RequestCounts.Completed, status, completed)
			}
			return got
		}
		at(999*time.Millisecond, "validating", 0)
		got := at(time.Second, "in_progress", 0)
		if got.RequestCounts.Total != 3 || *got.InProgressAt != start.Add(time.Second).Unix() || got.Model != "gpt-5" {
			t.Errorf("in progress: %+v", got)
		}
		at(1015*time.Millisecond, "in_progress", 1)
		at(1029*time.Millisecond, "in_progress", 2)
		got = at(1030*time.Millisecond, "finalizing", 3)
		if got.FinalizingAt == nil || got.OutputFileID != nil {
			t.Errorf("finalizing: %+v", got)
		}
		got = at(2030*time.Millisecond, "completed", 3)
		if got.CompletedAt == nil || got.OutputFileID == nil || got.ErrorFileID != nil || got.RequestCounts.Failed != 0 || got.Usage.TotalTokens == 0 {
			t.Fatalf("completed: %+v", got)
		}
		out := a.lines(got.OutputFileID)
		if diff := cmp.Diff([]string{"a", "b", "c"}, keys(out)); diff != "" {
			t.Fatalf("output custom ids (-want +got):\n%s", diff)
		}
		for id, l := range out {
			var body struct {
				Object string `json:"object"`
				Status string `json:"status"`
				Output []struct {
					Content []struct {
						Text string `json:"text"`
					} `json:"content"`
				} `json:"output"`
			}
			json.Unmarshal(l.Response.Body, &body)
			if !strings.HasPrefix(l.ID, "batch_req_") || l.Error != nil || l.Response.StatusCode != 200 ||
				!strings.HasPrefix(l.Response.RequestID, "req_") || body.Object != "response" || body.Status != "completed" {
				t.Errorf("line %s = %+v", id, l)
			}
			if id == "a" && body.Output[0].Content[0].Text != "first" {
				t.Errorf("line a did not get the enqueued reply: %s", l.Response.Body)
			}
		}
		var f fileObj
		a.json("GET", "/files/"+*got.OutputFileID, nil, 200, &f)
		if f.Purpose != "batch_output" || f.ExpiresAt == nil {
			t.Errorf("output file %+v", f)
		}
		// The output is not in the input's order.
		_, raw := a.do("GET", "/files/"+*got.OutputFileID+"/content", "", nil)
		if strings.Index(string(raw), `"custom_id":"a"`) < strings.Index(string(raw), `"custom_id":"b"`) {
			t.Errorf("output in input order:\n%s", raw)
		}
		// A batch's lines are neither rate limited nor recorded.
		if s := a.srv.Stats(); s.Requests != 0 {
			t.Errorf("stats count batch lines: %+v", s)
		}
	})
}

// TestBatchLineErrors checks that a line the endpoint refuses goes to the
// error file with its status and error body, and counts as failed.
func TestBatchLineErrors(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			a.srv.SetBatchTiming(0, 0, 0)
			b := a.batchOf(line("ok", "x"), `{"custom_id":"no-model","method":"POST","url":"/v1/responses","body":{"input":"x"}}`,
				`{"custom_id":"stream","method":"POST","url":"/v1/responses","body":{"model":"gpt-5","input":"x","stream":true}}`)
			got := a.getBatch(b.ID)
			if got.Status != "completed" || got.RequestCounts != (struct {
				Total     int `json:"total"`
				Completed int `json:"completed"`
				Failed    int `json:"failed"`
			}{3, 1, 2}) {
				t.Fatalf("batch %+v", got)
			}
			if diff := cmp.Diff([]string{"ok"}, keys(a.lines(got.OutputFileID))); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			errs := a.lines(got.ErrorFileID)
			for _, id := range []string{"no-model", "stream"} {
				l := errs[id]
				var e errorBody
				if l.Response == nil || l.Error != nil || l.Response.StatusCode != 400 || json.Unmarshal(l.Response.Body, &e) != nil || e.Error.Message == "" {
					t.Errorf("error line %s = %+v", id, l)
				}
			}
		})
	}
}

func TestBatchValidationFails(t *testing.T) {
	for _, c := range []struct {
		name  string
		input string
		setup func(*responsestest.Server)
		code  string
		line  int
	}{
		{"invalid JSON", line("a", "x") + "\n{not json", nil, "invalid_json_line", 2},
		{"not an object", `["a"]`, nil, "invalid_json_line", 1},
		{"wrong url", line("a", "x") + "\n" + `{"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5"}}`, nil, "url_mismatch", 2},
		{"wrong method", `{"custom_id":"a","method":"GET","url":"/v1/responses","body":{"model":"gpt-5"}}`, nil, "invalid_method", 1},
		{"body not an object", `{"custom_id":"a","method":"POST","url":"/v1/responses","body":"hi"}`, nil, "invalid_body", 1},
		{"no custom_id", `{"method":"POST","url":"/v1/responses","body":{"model":"gpt-5"}}`, nil, "missing_required_parameter", 1},
		{"duplicate custom_id", line("a", "x") + "\n" + line("b", "y") + "\n" + line("a", "z"), nil, "duplicate_custom_id", 3},
		{"model mismatch", line("a", "x") + "\n" + `{"custom_id":"b","method":"POST","url":"/v1/responses","body":{"model":"gpt-4.1"}}`, nil, "model_mismatch", 2},
		{"empty", "", nil, "empty_file", 0},
		{"too many lines", line("a", "x") + "\n" + line("b", "y") + "\n" + line("c", "z"),
			func(s *responsestest.Server) { s.SetBatchLimits(2, 0) }, "too_many_tasks", 0},
		{"too large", line("a", "x"), func(s *responsestest.Server) { s.SetBatchLimits(0, 10) }, "file_too_large", 0},
		{"enqueued tokens", line("a", strings.Repeat("word ", 100)), func(s *responsestest.Server) { s.SetEnqueuedTokenLimit(50) }, "token_limit_exceeded", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a := inProcess(t)
				if c.setup != nil {
					c.setup(a.srv)
				}
				start := time.Now()
				f := a.upload("batch", "in.jsonl", []byte(c.input))
				var b batchObj
				a.json("POST", "/batches", map[string]any{"input_file_id": f.ID, "endpoint": "/v1/responses", "completion_window": "24h"}, 200, &b)
				if b.Status != "validating" {
					t.Fatalf("created %s", b.Status)
				}
				time.Sleep(time.Second)
				got := a.getBatch(b.ID)
				if got.Status != "failed" || got.FailedAt == nil || *got.FailedAt != start.Add(time.Second).Unix() || got.Errors == nil ||
					got.Errors.Object != "list" || len(got.Errors.Data) == 0 || got.InProgressAt != nil || got.OutputFileID != nil {
					t.Fatalf("batch %+v", got)
				}
				e := got.Errors.Data[0]
				if e.Code != c.code || e.Message == "" || (c.line == 0) != (e.Line == nil) || (e.Line != nil && *e.Line != c.line) {
					t.Errorf("error %+v, want code %s on line %d", e, c.code, c.line)
				}
			})
		})
	}
}

// TestBatchEnqueuedTokensFreeUp checks that the enqueued token limit counts
// the batches in progress, and frees up when they finish.
func TestBatchEnqueuedTokensFreeUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetBatchTiming(time.Second, time.Minute, time.Second)
		a.srv.SetEnqueuedTokenLimit(120)
		in := strings.Repeat("word ", 40) // about 54 tokens a line
		first := a.batchOf(line("a", in))
		time.Sleep(2 * time.Second)
		second := a.batchOf(line("b", in), line("c", in))
		time.Sleep(2 * time.Second)
		if got := a.getBatch(second.ID); got.Status != "failed" || got.Errors.Data[0].Code != "token_limit_exceeded" {
			t.Errorf("second batch %s, want failed with token_limit_exceeded", got.Status)
		}
		time.Sleep(2 * time.Minute)
		if got := a.getBatch(first.ID); got.Status != "completed" {
			t.Fatalf("first batch %s", got.Status)
		}
		third := a.batchOf(line("b", in), line("c", in))
		time.Sleep(2 * time.Second)
		if got := a.getBatch(third.ID); got.Status != "in_progress" {
			t.Errorf("third batch %s (%+v), want in_progress", got.Status, got.Errors)
		}
	})
}

// TestBatchExpires checks that a batch whose lines outlast the window
// expires, with the lines done delivered and the rest reported expired.
func TestBatchExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetBatchTiming(time.Second, 10*time.Hour, time.Second)
		start := time.Now()
		b := a.batchOf(line("a", "x"), line("b", "y"), line("c", "z"), line("d", "w"))
		time.Sleep(23 * time.Hour)
		if got := a.getBatch(b.ID); got.Status != "in_progress" || got.RequestCounts.Completed != 2 {
			t.Fatalf("at 23h: %+v", got)
		}
		time.Sleep(time.Hour)
		got := a.getBatch(b.ID)
		if got.Status != "expired" || got.ExpiredAt == nil || *got.ExpiredAt != start.Add(24*time.Hour).Unix() ||
			got.RequestCounts.Completed != 2 || got.CompletedAt != nil {
			t.Fatalf("at 24h: %+v", got)
		}
		if diff := cmp.Diff([]string{"a", "b"}, keys(a.lines(got.OutputFileID))); diff != "" {
			t.Errorf("output (-want +got):\n%s", diff)
		}
		errs := a.lines(got.ErrorFileID)
		if diff := cmp.Diff([]string{"c", "d"}, keys(errs)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		for id, l := range errs {
			if l.Response != nil || l.Error == nil || l.Error.Code != "batch_expired" || !strings.HasPrefix(l.ID, "batch_req_") {
				t.Errorf("expired line %s = %+v", id, l)
			}
		}
	})
}

func TestBatchCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetBatchTiming(time.Second, time.Minute, 5*time.Second)
		b := a.batchOf(line("a", "x"), line("b", "y"), line("c", "z"), line("d", "w"), line("e", "v"))
		time.Sleep(150 * time.Second) // two lines done, at 61s and 121s
		start := time.Now()
		var got batchObj
		a.json("POST", "/batches/"+b.ID+"/cancel", nil, 200, &got)
		if got.Status != "cancelling" || got.CancellingAt == nil || *got.CancellingAt != start.Unix() || got.RequestCounts.Completed != 2 {
			t.Fatalf("cancel: %+v", got)
		}
		a.json("POST", "/batches/"+b.ID+"/cancel", nil, 200, &got) // again: still cancelling
		time.Sleep(2 * time.Minute)
		got = a.getBatch(b.ID)
		if got.Status != "cancelled" || got.CancelledAt == nil || *got.CancelledAt != start.Add(5*time.Second).Unix() ||
			got.RequestCounts.Completed != 2 || got.ErrorFileID != nil {
			t.Fatalf("cancelled: %+v", got)
		}
		if diff := cmp.Diff([]string{"a", "b"}, keys(a.lines(got.OutputFileID))); diff != "" {
			t.Errorf("output (-want +got):\n%s", diff)
		}
		var e errorBody
		a.json("POST", "/batches/"+b.ID+"/cancel", nil, 409, &e)
		if !strings.Contains(e.Error.Message, "cancelled") {
			t.Errorf("cancel a cancelled batch: %+v", e)
		}

		// Cancelled while validating: no line runs, no file.
		v := a.batchOf(line("a", "x"))
		a.json("POST", "/batches/"+v.ID+"/cancel", nil, 200, &got)
		if got.Status != "cancelling" {
			t.Fatalf("cancel while validating: %s", got.Status)
		}
		time.Sleep(5 * time.Second)
		got = a.getBatch(v.ID)
		if got.Status != "cancelled" || got.OutputFileID != nil || got.RequestCounts.Completed != 0 || got.InProgressAt != nil {
			t.Errorf("cancelled while validating: %+v", got)
		}
	})
}

// TestBatchCancelling checks the status between cancel and cancelled.
func TestBatchCancelling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetBatchTiming(0, time.Minute, time.Minute)
		b := a.batchOf(line("a", "x"), line("b", "y"))
		time.Sleep(90 * time.Second)
		a.json("POST", "/batches/"+b.ID+"/cancel", nil, 200, nil)
		time.Sleep(59 * time.Second)
		if got := a.getBatch(b.ID); got.Status != "cancelling" || got.RequestCounts.Completed != 1 {
			t.Errorf("before the end of cancelling: %s, %d completed", got.Status, got.RequestCounts.Completed)
		}
		time.Sleep(time.Second)
		if got := a.getBatch(b.ID); got.Status != "cancelled" {
			t.Errorf("after cancelling: %s", got.Status)
		}
	})
}

func TestBatchCreateRefuses(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			in := a.upload("batch", "in.jsonl", []byte(line("a", "x")))
			data := a.upload("user_data", "in.jsonl", []byte(line("a", "x")))
			ok := func(change func(map[string]any)) map[string]any {
				b := map[string]any{"input_file_id": in.ID, "endpoint": "/v1/responses", "completion_window": "24h"}
				change(b)
				return b
			}
			meta := map[string]string{}
			for i := range 17 {
				meta[fmt.Sprint(i)] = "v"
			}
			for _, c := range []struct {
				name   string
				body   map[string]any
				status int
				param  string
			}{
				{"no input file", ok(func(b map[string]any) { delete(b, "input_file_id") }), 400, "input_file_id"},
				{"no endpoint", ok(func(b map[string]any) { delete(b, "endpoint") }), 400, "endpoint"},
				{"no window", ok(func(b map[string]any) { delete(b, "completion_window") }), 400, "completion_window"},
				{"bad endpoint", ok(func(b map[string]any) { b["endpoint"] = "/v1/files" }), 400, "endpoint"},
				{"bad window", ok(func(b map[string]any) { b["completion_window"] = "1h" }), 400, "completion_window"},
				{"unknown file", ok(func(b map[string]any) { b["input_file_id"] = "file-nope" }), 404, "input_file_id"},
				{"not a batch file", ok(func(b map[string]any) { b["input_file_id"] = data.ID }), 400, "input_file_id"},
				{"too much metadata", ok(func(b map[string]any) { b["metadata"] = meta }), 400, "metadata"},
				{"long metadata key", ok(func(b map[string]any) { b["metadata"] = map[string]string{strings.Repeat("k", 65): "v"} }), 400, "metadata"},
				{"bad output expiry", ok(func(b map[string]any) {
					b["output_expires_after"] = map[string]any{"anchor": "created_at", "seconds": 60}
				}), 400, "output_expires_after.seconds"},
			} {
				var e errorBody
				a.json("POST", "/batches", c.body, c.status, &e)
				if e.Error.Param == nil || *e.Error.Param != c.param || e.Error.Message == "" {
					t.Errorf("%s: %+v, want param %s", c.name, e, c.param)
				}
			}
			res, body := a.do("POST", "/batches", "application/json", strings.NewReader("{"))
			if res.StatusCode != 400 {
				t.Errorf("bad JSON = %d %s", res.StatusCode, body)
			}
			var e errorBody
			a.json("GET", "/batches/batch_nope", nil, 404, &e)
			a.json("POST", "/batches/batch_nope/cancel", nil, 404, &e)
		})
	}
}

// TestBatchOptions checks metadata, output_expires_after and another
// endpoint of the spec, over both transports, with no waiting.
func TestBatchOptions(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			a.srv.SetBatchTiming(0, 0, 0)
			in := a.upload("batch", "in.jsonl", []byte(line("a", "x")+"\n"+line("b", "y")+"\n"))
			var b batchObj
			a.json("POST", "/batches", map[string]any{"input_file_id": in.ID, "endpoint": "/v1/responses", "completion_window": "24h",
				"metadata": map[string]string{"job": "j1"}, "output_expires_after": map[string]any{"anchor": "created_at", "seconds": 7200}}, 200, &b)
			if b.Metadata["job"] != "j1" {
				t.Errorf("metadata %v", b.Metadata)
			}
			got := a.getBatch(b.ID)
			if got.Status != "completed" || got.OutputFileID == nil {
				t.Fatalf("batch %+v", got)
			}
			var f fileObj
			a.json("GET", "/files/"+*got.OutputFileID, nil, 200, &f)
			if f.ExpiresAt == nil || *f.ExpiresAt != f.CreatedAt+7200 {
				t.Errorf("output file expires at %v, created at %d", f.ExpiresAt, f.CreatedAt)
			}

			// Another endpoint is accepted, but its lines are not served.
			chat := a.upload("batch", "chat.jsonl", []byte(`{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5"}}`))
			a.json("POST", "/batches", map[string]any{"input_file_id": chat.ID, "endpoint": "/v1/chat/completions", "completion_window": "24h"}, 200, &b)
			got = a.getBatch(b.ID)
			errs := a.lines(got.ErrorFileID)
			if got.Status != "completed" || got.RequestCounts.Failed != 1 || errs["a"].Response == nil || errs["a"].Response.StatusCode != 404 {
				t.Errorf("chat batch %+v, errors %+v", got, errs)
			}
		})
	}
}

type batchPage struct {
	Object  string     `json:"object"`
	Data    []batchObj `json:"data"`
	FirstID *string    `json:"first_id"`
	LastID  *string    `json:"last_id"`
	HasMore bool       `json:"has_more"`
}

func TestBatchList(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			var p batchPage
			a.json("GET", "/batches", nil, 200, &p)
			if p.Object != "list" || len(p.Data) != 0 || p.HasMore {
				t.Errorf("empty list %+v", p)
			}
			var all []string // newest first
			for i := range 5 {
				all = append([]string{a.batchOf(line(fmt.Sprint(i), "x")).ID}, all...)
			}
			for _, c := range []struct {
				query   string
				want    []string
				hasMore bool
			}{
				{"", all, false},
				{"?limit=2", all[:2], true},
				{"?limit=2&after=" + all[1], all[2:4], true},
				{"?limit=2&after=" + all[3], all[4:], false},
			} {
				var p batchPage
				a.json("GET", "/batches"+c.query, nil, 200, &p)
				var got []string
				for _, b := range p.Data {
					got = append(got, b.ID)
				}
				if diff := cmp.Diff(c.want, got); diff != "" || p.HasMore != c.hasMore || *p.FirstID != got[0] || *p.LastID != got[len(got)-1] {
					t.Errorf("list%s: has_more %v (-want +got):\n%s", c.query, p.HasMore, diff)
				}
			}
			for _, q := range []string{"?limit=0", "?limit=101"} {
				a.json("GET", "/batches"+q, nil, 400, nil)
			}
			a.json("GET", "/batches?after=batch_nope", nil, 404, nil)
		})
	}
}

// FuzzBatchInput checks that any input file ends a batch completed or
// failed, never a panic, and that a completed batch accounts for every
// line.
func FuzzBatchInput(f *testing.F) {
	f.Add([]byte(line("a", "x") + "\n" + line("b", "y") + "\n"))
	f.Add([]byte("{not json\n"))
	f.Add([]byte(`{"custom_id":"a","method":"POST","url":"/v1/responses","body":{}}`))
	f.Add([]byte("\n\n"))
	f.Add([]byte(`{"custom_id":"a","method":"POST","url":"/v1/responses","body":{"model":"m","input":[{"type":"function_call_output","call_id":"c"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a := inProcess(t)
		a.srv.SetBatchTiming(0, 0, 0)
		in := a.upload("batch", "in.jsonl", data)
		var b batchObj
		a.json("POST", "/batches", map[string]any{"input_file_id": in.ID, "endpoint": "/v1/responses", "completion_window": "24h"}, 200, &b)
		got := a.getBatch(b.ID)
		switch got.Status {
		case "failed":
			if got.Errors == nil || len(got.Errors.Data) == 0 {
				t.Errorf("failed with no errors: %+v", got)
			}
		case "completed":
			c := got.RequestCounts
			if c.Completed+c.Failed != c.Total || len(a.lines(got.OutputFileID))+len(a.lines(got.ErrorFileID)) != c.Total {
				t.Errorf("completed %+v", c)
			}
		default:
			t.Errorf("status %s", got.Status)
		}
	})
}

// TestBatchLineReplies checks where the replies of the server's queue put
// a line: a response (even a failed or incomplete one) in the output file,
// an HTTP error or a dropped connection in the error file.
func TestBatchLineReplies(t *testing.T) {
	t.Parallel()
	a := inProcess(t)
	a.srv.SetBatchTiming(0, 0, 0)
	a.srv.Enqueue(
		responsestest.Text("fine"),
		responsestest.Failed("server_error", "boom"),
		responsestest.Incomplete("max_output_tokens", "cut"),
		responsestest.Error(500, responsestest.ErrorBody{Type: "server_error", Message: "The server had an error."}),
		responsestest.Text("a long enough answer").WithDropAfter(5),
		responsestest.Refusal("no"),
	)
	b := a.batchOf(line("text", "x"), line("failed", "x"), line("incomplete", "x"), line("error", "x"), line("dropped", "x"), line("refusal", "x"))
	got := a.getBatch(b.ID)
	if got.Status != "completed" || got.RequestCounts.Completed != 4 || got.RequestCounts.Failed != 2 {
		t.Fatalf("batch %+v", got)
	}
	if diff := cmp.Diff([]string{"failed", "incomplete", "refusal", "text"}, keys(a.lines(got.OutputFileID))); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	errs := a.lines(got.ErrorFileID)
	for _, id := range []string{"error", "dropped"} {
		if l := errs[id]; l.Response == nil || l.Response.StatusCode != 500 || l.Error != nil {
			t.Errorf("line %s = %+v", id, l)
		}
	}
}
