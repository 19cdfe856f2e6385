package batch_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/tidwall/gjson"
)

// fake is a small in-process Files and Batch API: enough of /v1/files and
// /v1/batches for the batch package's tests, until responsestest serves
// them. A batch moves one status further on each GET: validating,
// in_progress, then completed with its output and error files written by
// answer. Custom ids steer the answers (see answer).
type fake struct {
	t  *testing.T
	mu sync.Mutex
	// files and batches by id.
	files   map[string][]byte
	batches map[string]*batch.Batch
	order   []string // batch ids, oldest first
	// calls counts requests by "METHOD /path-prefix".
	calls map[string]int
	// failBatches makes new batches fail validation.
	failBatches bool
	// failCreate makes POST /batches fail after creating the batch, as a
	// process killed before it saw the answer.
	failCreate bool
	n          int
	now        int64
}

func newFake(t *testing.T) (*fake, *batch.Service) {
	f := &fake{t: t, files: map[string][]byte{}, batches: map[string]*batch.Batch{}, calls: map[string]int{}, now: time.Now().Unix()}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithBaseURL(srv.URL+"/v1"), client.WithAPIKey("sk-test-0123456789"), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return f, batch.New(c)
}

func (f *fake) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[key]
}

func (f *fake) id(prefix string) string {
	f.n++
	return prefix + strconv.Itoa(f.n)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := strings.TrimPrefix(r.URL.Path, "/v1/")
	seg := strings.Split(p, "/")
	f.calls[r.Method+" "+seg[0]]++
	fail := func(code int, msg string) {
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":{"message":%q,"type":"invalid_request_error"}}`, msg)
	}
	reply := func(v any) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.Method == "POST" && p == "files":
		if err := r.ParseMultipartForm(1 << 30); err != nil {
			fail(400, err.Error())
			return
		}
		if r.FormValue("purpose") != "batch" {
			fail(400, "purpose")
			return
		}
		fh, _, err := r.FormFile("file")
		if err != nil {
			fail(400, err.Error())
			return
		}
		b, _ := io.ReadAll(fh)
		id := f.id("file-")
		f.files[id] = b
		reply(map[string]any{"id": id, "object": "file", "bytes": len(b), "purpose": "batch"})
	case r.Method == "GET" && len(seg) == 3 && seg[0] == "files" && seg[2] == "content":
		b, ok := f.files[seg[1]]
		if !ok {
			fail(404, "no file")
			return
		}
		w.Write(b)
	case r.Method == "POST" && p == "batches":
		var req batch.CreateParams
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			fail(400, err.Error())
			return
		}
		if _, ok := f.files[req.InputFileID]; !ok || req.Endpoint != "/v1/responses" || req.CompletionWindow != "24h" {
			fail(400, "bad create request")
			return
		}
		f.now++
		b := &batch.Batch{ID: f.id("batch_"), Object: "batch", Endpoint: req.Endpoint, InputFileID: req.InputFileID,
			CompletionWindow: req.CompletionWindow, Status: batch.StatusValidating, CreatedAt: f.now, Metadata: req.Metadata}
		f.batches[b.ID] = b
		f.order = append(f.order, b.ID)
		if f.failCreate {
			fail(500, "killed")
			return
		}
		reply(b)
	case r.Method == "GET" && p == "batches":
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit == 0 {
			limit = 20
		}
		after := r.URL.Query().Get("after")
		var data []*batch.Batch
		started := after == ""
		for i := len(f.order) - 1; i >= 0; i-- {
			id := f.order[i]
			if !started {
				started = id == after
				continue
			}
			data = append(data, f.batches[id])
		}
		more := len(data) > limit
		if more {
			data = data[:limit]
		}
		page := map[string]any{"object": "list", "data": data, "has_more": more}
		if len(data) > 0 {
			page["first_id"], page["last_id"] = data[0].ID, data[len(data)-1].ID
		}
		reply(page)
	case len(seg) >= 2 && seg[0] == "batches":
		b, ok := f.batches[seg[1]]
		if !ok {
			fail(404, "no batch")
			return
		}
		if r.Method == "POST" && len(seg) == 3 && seg[2] == "cancel" {
			if !b.Status.Done() {
				b.Status = batch.StatusCancelling
			}
			reply(b)
			return
		}
		f.step(b)
		reply(b)
	default:
		fail(404, "no route "+r.Method+" "+p)
	}
}

// step moves b one status further.
func (f *fake) step(b *batch.Batch) {
	switch b.Status {
	case batch.StatusValidating:
		if f.failBatches {
			b.Status = batch.StatusFailed
			b.Errors = &batch.Errors{Object: "list", Data: []batch.Error{{Code: "invalid_request", Message: "no", Line: 1}}}
			return
		}
		b.Status = batch.StatusInProgress
		b.RequestCounts.Total = bytes.Count(f.files[b.InputFileID], []byte("\n"))
	case batch.StatusInProgress:
		b.Status = batch.StatusCompleted
		f.run(b)
	case batch.StatusCancelling:
		b.Status = batch.StatusCancelled
	}
}

// run writes the output and error files of b.
func (f *fake) run(b *batch.Batch) {
	var out, errs bytes.Buffer
	for line := range bytes.Lines(f.files[b.InputFileID]) {
		id := gjson.GetBytes(line, "custom_id").String()
		body := gjson.GetBytes(line, "body")
		status, resp, lineErr := answer(id, body)
		if strings.HasPrefix(id, "drop") {
			continue
		}
		buf := &out
		if status != 200 || lineErr != "" {
			buf = &errs
			b.RequestCounts.Failed++
		} else {
			b.RequestCounts.Completed++
		}
		if lineErr != "" {
			fmt.Fprintf(buf, `{"id":"batch_req_%s","custom_id":%q,"response":null,"error":%s}`+"\n", id, id, lineErr)
			continue
		}
		fmt.Fprintf(buf, `{"id":"batch_req_%s","custom_id":%q,"response":{"status_code":%d,"request_id":"req_%s","body":%s},"error":null}`+"\n", id, id, status, id, resp)
	}
	if out.Len() > 0 {
		b.OutputFileID = f.id("file-")
		f.files[b.OutputFileID] = out.Bytes()
	}
	if errs.Len() > 0 {
		b.ErrorFileID = f.id("file-")
		f.files[b.ErrorFileID] = errs.Bytes()
	}
}

// answer is the fake model: it answers a record whose Doc is the last input
// text, unless the custom id starts with refuse, bad, incomplete, err or
// expire.
func answer(id string, body gjson.Result) (status int, resp, lineErr string) {
	text := body.Get("input.@reverse.0.content.0.text").String()
	if text == "" {
		text = body.Get("input").String()
	}
	rec, _ := json.Marshal(record{Doc: text, N: len(text)})
	content := fmt.Sprintf(`{"type":"output_text","text":%q,"annotations":[]}`, rec)
	st := "completed"
	extra := ""
	switch {
	case strings.HasPrefix(id, "refuse"):
		content = `{"type":"refusal","refusal":"I won't."}`
	case strings.HasPrefix(id, "bad"):
		content = `{"type":"output_text","text":"{\"doc\":\"x\"}","annotations":[]}`
	case strings.HasPrefix(id, "incomplete"):
		st = "incomplete"
		extra = `,"incomplete_details":{"reason":"max_output_tokens"}`
		content = `{"type":"output_text","text":"{\"doc\"","annotations":[]}`
	case strings.HasPrefix(id, "err"):
		return 500, `{"error":{"message":"The server had an error.","type":"server_error","code":"server_error"}}`, ""
	case strings.HasPrefix(id, "expire"):
		return 0, "", `{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}`
	}
	return 200, fmt.Sprintf(`{"id":"resp_%s","object":"response","status":%q%s,"model":"m","store":true,"output":[{"type":"message","id":"msg_%s","role":"assistant","status":"completed","content":[%s]}]}`, id, st, extra, id, content), ""
}

// record is the type the tests extract.
type record struct {
	Doc string `json:"doc"`
	N   int    `json:"n"`
}

// service returns a new Service on the same fake, as a new process would
// make.
func (f *fake) service(t *testing.T) (*fake, *batch.Service) {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithBaseURL(srv.URL+"/v1"), client.WithAPIKey("sk-test-0123456789"), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return f, batch.New(c)
}

func jsonResult(s string) gjson.Result { return gjson.Parse(s) }
