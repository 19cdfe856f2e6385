package batch_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
	"github.com/tidwall/gjson"
)

func TestWriteLines(t *testing.T) {
	t.Parallel()
	all := ids("doc-", 3)
	var buf bytes.Buffer
	n, err := batch.WriteLines(&buf, docs(t, all...))
	if err != nil || n != 3 {
		t.Fatalf("WriteLines = %d, %v; want 3, nil", n, err)
	}
	// The same lines as an upload: those of Prepare's encoding.
	var want []byte
	for id, req := range docs(t, all...) {
		if want, err = batch.AppendLine(want, id, req); err != nil {
			t.Fatal(err)
		}
	}
	if buf.String() != string(want) {
		t.Errorf("WriteLines wrote\n%s\nwant\n%s", buf.Bytes(), want)
	}
	for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if id := gjson.Get(line, "custom_id").String(); id != all[i] {
			t.Errorf("line %d: custom_id %q, want %q", i+1, id, all[i])
		}
	}
}

func TestWriteLinesErrors(t *testing.T) {
	t.Parallel()
	req := &responses.Request{Model: "m", Input: responses.Text("x")}
	errWrite := errors.New("disk full")
	tests := []struct {
		name  string
		ids   []string
		reqs  []*responses.Request
		w     io.Writer
		lines int
		want  error
	}{
		{"empty id", []string{"a", ""}, []*responses.Request{req, req}, io.Discard, 1, batch.ErrEmptyID},
		{"nil request", []string{"a", "b", "c"}, []*responses.Request{req, req, nil}, io.Discard, 2, nil},
		{"writer fails", []string{"a"}, []*responses.Request{req}, failWriter{errWrite}, 0, errWrite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := func(yield func(string, *responses.Request) bool) {
				for i, id := range tt.ids {
					if !yield(id, tt.reqs[i]) {
						return
					}
				}
			}
			n, err := batch.WriteLines(tt.w, src)
			var le *batch.LineError
			if !errors.As(err, &le) || le.Line != tt.lines+1 || n != tt.lines {
				t.Fatalf("WriteLines = %d, %v; want %d and a *LineError at line %d", n, err, tt.lines, tt.lines+1)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v is not %v", err, tt.want)
			}
		})
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// resultLine is an output file line for custom id with the answer of the
// test fake.
func resultLine(id string) string {
	status, resp, lineErr := answer(id, gjson.Parse(`{"input":"doc `+id+`"}`))
	if lineErr != "" {
		return fmt.Sprintf(`{"id":"batch_req_%s","custom_id":%q,"response":null,"error":%s}`, id, id, lineErr)
	}
	return fmt.Sprintf(`{"id":"batch_req_%s","custom_id":%q,"response":{"status_code":%d,"request_id":"req_%s","body":%s},"error":null}`, id, id, status, id, resp)
}

func TestReadResults(t *testing.T) {
	t.Parallel()
	file := strings.Join([]string{resultLine("a"), resultLine("bad1"), "", resultLine("err1"), resultLine("expire1"), resultLine("refuse1")}, "\r\n") + "\n"
	var got []batch.Result[record]
	for r, err := range batch.ReadResults[record](iotest.HalfReader(strings.NewReader(file))) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 5 {
		t.Fatalf("%d results, want 5", len(got))
	}
	if r := got[0]; r.CustomID != "a" || r.Err != nil || r.Value != (record{Doc: "doc a", N: 5}) || r.Response == nil {
		t.Errorf("result a = %+v", r)
	}
	var de *schema.DecodeError
	var ae *client.APIError
	var re *batch.RequestError
	var rf *responses.RefusalError
	if !errors.As(got[1].Err, &de) {
		t.Errorf("bad1: Err = %v, want a *schema.DecodeError", got[1].Err)
	}
	if !errors.As(got[2].Err, &ae) || ae.StatusCode != 500 || ae.RequestID != "req_err1" {
		t.Errorf("err1: Err = %v, want a *client.APIError 500", got[2].Err)
	}
	if !errors.As(got[3].Err, &re) || re.Code != "batch_expired" {
		t.Errorf("expire1: Err = %v, want a *batch.RequestError", got[3].Err)
	}
	if !errors.As(got[4].Err, &rf) {
		t.Errorf("refuse1: Err = %v, want a *responses.RefusalError", got[4].Err)
	}
}

func TestReadResultsStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    io.Reader
		want string // in the error; "" for no error
		n    int    // results before it
	}{
		{"not JSON", strings.NewReader(resultLine("a") + "\n{oops\n" + resultLine("b")), "not JSON", 1},
		{"broken after the body", strings.NewReader(strings.TrimSuffix(resultLine("a"), "}") + "]"), "not JSON", 0},
		{"broken body", strings.NewReader(strings.Replace(resultLine("a"), `"object":"response"`, `"object":response`, 1)), "decode the response body", 0},
		{"broken error body", strings.NewReader(strings.Replace(resultLine("err1"), `"message":`, `"message"`, 1)), "not JSON", 0},
		{"no custom id", strings.NewReader(`{"response":null,"error":null}`), "without a custom_id", 0},
		{"reader fails", io.MultiReader(strings.NewReader(resultLine("a")+"\n"), iotest.ErrReader(errors.New("reset"))), "reset", 1},
		{"empty", strings.NewReader(""), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			var last error
			for r, err := range batch.ReadResults[record](tt.r) {
				if err != nil {
					if r.CustomID != "" {
						t.Errorf("an error came with a result: %+v", r)
					}
					last = err
					continue
				}
				if last != nil {
					t.Error("a result after the error")
				}
				n++
			}
			if n != tt.n || (tt.want == "") != (last == nil) || last != nil && !strings.Contains(last.Error(), tt.want) {
				t.Errorf("%d results and %v; want %d and an error with %q", n, last, tt.n, tt.want)
			}
		})
	}
	// Breaking out of the loop stops the reading.
	n := 0
	for range batch.ReadResults[record](strings.NewReader(resultLine("a") + "\n" + resultLine("b"))) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("%d results after a break", n)
	}
}
