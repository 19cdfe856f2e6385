package responsestest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses/responsestest"
)

// api sends raw requests to a fake server, over a socket or in process.
type api struct {
	t    testing.TB
	srv  *responsestest.Server
	http *http.Client
}

// modes are the two ways a test reaches the server: a real socket, and
// the in-process transport.
var modes = []struct {
	name string
	new  func(t testing.TB) *api
}{
	{"socket", func(t testing.TB) *api {
		srv := responsestest.NewServer()
		t.Cleanup(srv.Close)
		return &api{t, srv, http.DefaultClient}
	}},
	{"in-process", inProcess},
}

func inProcess(t testing.TB) *api {
	srv := responsestest.NewServer(responsestest.InProcess())
	return &api{t, srv, &http.Client{Transport: srv.Transport()}}
}

// do sends a request and returns the answer, its body read.
func (a *api) do(method, path, contentType string, body io.Reader) (*http.Response, []byte) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk-test")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := a.http.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return res, b
}

// json sends a request with a JSON body (none if body is nil), checks the
// status and decodes the answer into v.
func (a *api) json(method, path string, body any, want int, v any) []byte {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			a.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	res, b := a.do(method, path, "application/json", r)
	if res.StatusCode != want {
		a.t.Fatalf("%s %s = %d %s, want %d", method, path, res.StatusCode, b, want)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			a.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return b
}

// form builds a multipart body of fields, with the file content last
// unless it is nil.
func form(fields [][2]string, filename string, content []byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	if content != nil {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write(content)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

// upload uploads content and returns the file object.
func (a *api) upload(purpose, filename string, content []byte, fields ...[2]string) fileObj {
	a.t.Helper()
	ct, body := form(append([][2]string{{"purpose", purpose}}, fields...), filename, content)
	res, b := a.do("POST", "/files", ct, body)
	if res.StatusCode != http.StatusOK {
		a.t.Fatalf("upload = %d %s", res.StatusCode, b)
	}
	var f fileObj
	if err := json.Unmarshal(b, &f); err != nil {
		a.t.Fatal(err)
	}
	return f
}

type fileObj struct {
	ID            string  `json:"id"`
	Object        string  `json:"object"`
	Bytes         int64   `json:"bytes"`
	CreatedAt     int64   `json:"created_at"`
	ExpiresAt     *int64  `json:"expires_at"`
	Filename      string  `json:"filename"`
	Purpose       string  `json:"purpose"`
	Status        string  `json:"status"`
	StatusDetails *string `json:"status_details"`
}

type errorBody struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

func TestFilesLifecycle(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			content := []byte(`{"custom_id":"a"}` + "\n")
			for _, c := range []struct {
				purpose string
				fields  [][2]string
				expires int64 // after created_at; 0 for none
			}{
				{"batch", nil, 30 * 24 * 3600},
				{"user_data", nil, 0},
				{"assistants", [][2]string{{"expires_after[anchor]", "created_at"}, {"expires_after[seconds]", "3600"}}, 3600},
				{"fine-tune", nil, 0},
				{"vision", nil, 0},
				{"evals", nil, 0},
			} {
				f := a.upload(c.purpose, "in.jsonl", content, c.fields...)
				if !strings.HasPrefix(f.ID, "file-") || f.Object != "file" || f.Bytes != int64(len(content)) ||
					f.Filename != "in.jsonl" || f.Purpose != c.purpose || f.Status != "processed" || f.CreatedAt == 0 {
					t.Errorf("upload %s = %+v", c.purpose, f)
				}
				switch {
				case c.expires == 0 && f.ExpiresAt != nil:
					t.Errorf("upload %s: expires_at = %d, want null", c.purpose, *f.ExpiresAt)
				case c.expires != 0 && (f.ExpiresAt == nil || *f.ExpiresAt != f.CreatedAt+c.expires):
					t.Errorf("upload %s: expires_at = %v, want created_at + %d", c.purpose, f.ExpiresAt, c.expires)
				}
				var got fileObj
				a.json("GET", "/files/"+f.ID, nil, 200, &got)
				if diff := cmp.Diff(f, got); diff != "" {
					t.Errorf("get differs from upload (-upload +get):\n%s", diff)
				}
				res, b := a.do("GET", "/files/"+f.ID+"/content", "", nil)
				if res.StatusCode != 200 || !bytes.Equal(b, content) || res.Header.Get("Content-Length") != fmt.Sprint(len(content)) {
					t.Errorf("content = %d %q (Content-Length %s), want %q", res.StatusCode, b, res.Header.Get("Content-Length"), content)
				}
				var del map[string]any
				a.json("DELETE", "/files/"+f.ID, nil, 200, &del)
				if diff := cmp.Diff(map[string]any{"id": f.ID, "object": "file", "deleted": true}, del); diff != "" {
					t.Errorf("delete (-want +got):\n%s", diff)
				}
				for _, r := range [][2]string{{"GET", "/files/" + f.ID}, {"GET", "/files/" + f.ID + "/content"}, {"DELETE", "/files/" + f.ID}} {
					var e errorBody
					a.json(r[0], r[1], nil, 404, &e)
					if e.Error.Message != "No such File object: "+f.ID || e.Error.Type != "invalid_request_error" {
						t.Errorf("%s %s after delete = %+v", r[0], r[1], e)
					}
				}
			}
		})
	}
}

func TestFilesUploadRefuses(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			a.srv.SetFileSizeLimit(8)
			for _, c := range []struct {
				name    string
				fields  [][2]string
				content []byte
				status  int
				param   string
				message string
			}{
				{"no purpose", nil, []byte("x"), 400, "purpose", "Missing required parameter: 'purpose'."},
				{"bad purpose", [][2]string{{"purpose", "batch_output"}}, []byte("x"), 400, "purpose", "Invalid value for 'purpose'"},
				{"no file", [][2]string{{"purpose", "batch"}}, nil, 400, "file", "Missing required parameter: 'file'."},
				{"unknown field", [][2]string{{"purpose", "batch"}, {"name", "x"}}, []byte("x"), 400, "name", "Unrecognized request argument"},
				{"bad anchor", [][2]string{{"purpose", "batch"}, {"expires_after[anchor]", "now"}, {"expires_after[seconds]", "3600"}}, []byte("x"), 400, "expires_after.anchor", "expected 'created_at'"},
				{"seconds not a number", [][2]string{{"purpose", "batch"}, {"expires_after[anchor]", "created_at"}, {"expires_after[seconds]", "soon"}}, []byte("x"), 400, "expires_after.seconds", "expected an integer"},
				{"seconds too few", [][2]string{{"purpose", "batch"}, {"expires_after[anchor]", "created_at"}, {"expires_after[seconds]", "3599"}}, []byte("x"), 400, "expires_after.seconds", "below minimum"},
				{"seconds too many", [][2]string{{"purpose", "batch"}, {"expires_after[anchor]", "created_at"}, {"expires_after[seconds]", "2592001"}}, []byte("x"), 400, "expires_after.seconds", "above maximum"},
				{"too large", [][2]string{{"purpose", "batch"}}, []byte("123456789"), 413, "file", "File is too large"},
			} {
				ct, body := form(c.fields, "f.jsonl", c.content)
				res, b := a.do("POST", "/files", ct, body)
				var e errorBody
				json.Unmarshal(b, &e)
				if res.StatusCode != c.status || e.Error.Param == nil || *e.Error.Param != c.param || !strings.Contains(e.Error.Message, c.message) {
					t.Errorf("%s: %d %s, want %d param %s message %q", c.name, res.StatusCode, b, c.status, c.param, c.message)
				}
			}
			res, b := a.do("POST", "/files", "application/json", strings.NewReader(`{"purpose":"batch"}`))
			if res.StatusCode != 400 || !strings.Contains(string(b), "multipart/form-data") {
				t.Errorf("JSON upload = %d %s, want 400", res.StatusCode, b)
			}
			a.upload("batch", "f.jsonl", []byte("12345678")) // at the limit
		})
	}
}

// TestFilesUploadIsNotRecorded checks that the body of an upload, read as
// a stream, is not kept among the recorded requests.
func TestFilesUploadIsNotRecorded(t *testing.T) {
	t.Parallel()
	a := inProcess(t)
	a.upload("batch", "f.jsonl", []byte("data"))
	reqs := a.srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/files" || reqs[0].Body != nil {
		t.Errorf("recorded %+v, want the upload without its body", reqs)
	}
	ct, body := form([][2]string{{"purpose", "batch"}}, "f", []byte("x"))
	req, _ := http.NewRequest("POST", a.srv.URL+"/files", body)
	req.Header.Set("Content-Type", ct)
	res, err := a.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("upload without a key = %d, want 401", res.StatusCode)
	}
}

type filePage struct {
	Object  string    `json:"object"`
	Data    []fileObj `json:"data"`
	FirstID *string   `json:"first_id"`
	LastID  *string   `json:"last_id"`
	HasMore bool      `json:"has_more"`
}

func ids(files []fileObj) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.ID)
	}
	return out
}

func TestFilesList(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			var empty filePage
			b := a.json("GET", "/files", nil, 200, &empty)
			if want := `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`; string(b) != want {
				t.Errorf("empty list = %s, want %s", b, want)
			}
			var all []string // newest first
			for i, p := range []string{"batch", "user_data", "batch", "batch", "user_data"} {
				f := a.upload(p, fmt.Sprintf("f%d", i), []byte("x"))
				all = append([]string{f.ID}, all...)
			}
			batches := []string{all[1], all[2], all[4]}
			asc := []string{all[4], all[3], all[2], all[1], all[0]}
			for _, c := range []struct {
				query   string
				want    []string
				hasMore bool
			}{
				{"", all, false},
				{"?order=desc", all, false},
				{"?order=asc", asc, false},
				{"?purpose=batch", batches, false},
				{"?purpose=batch_output", nil, false},
				{"?limit=2", all[:2], true},
				{"?limit=2&after=" + all[1], all[2:4], true},
				{"?limit=2&after=" + all[3], all[4:], false},
				{"?limit=1&purpose=batch&after=" + all[1], all[2:3], true},
				{"?order=asc&after=" + asc[2], asc[3:], false},
			} {
				var p filePage
				a.json("GET", "/files"+c.query, nil, 200, &p)
				if diff := cmp.Diff(c.want, ids(p.Data)); diff != "" || p.HasMore != c.hasMore || p.Object != "list" {
					t.Errorf("list%s: has_more %v (-want +got):\n%s", c.query, p.HasMore, diff)
				}
				if len(p.Data) > 0 && (*p.FirstID != p.Data[0].ID || *p.LastID != p.Data[len(p.Data)-1].ID) {
					t.Errorf("list%s: first_id %s, last_id %s", c.query, *p.FirstID, *p.LastID)
				}
			}
			for _, q := range []string{"?limit=0", "?limit=10001", "?limit=x", "?order=up"} {
				var e errorBody
				a.json("GET", "/files"+q, nil, 400, &e)
			}
			a.json("GET", "/files?after="+url.QueryEscape("file-nope"), nil, 404, nil)
		})
	}
}

// TestFilesUploadStreams checks uploads whose body is written as it is
// sent, through a pipe, and that an upload over the limit is refused
// without the sender blocking.
func TestFilesUploadStreams(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			send := func(size int) (int, []byte) {
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					mw.WriteField("purpose", "batch")
					fw, _ := mw.CreateFormFile("file", "big.jsonl")
					chunk := bytes.Repeat([]byte("x"), 1<<16)
					for n := 0; n < size; n += len(chunk) {
						if _, err := fw.Write(chunk[:min(len(chunk), size-n)]); err != nil {
							pw.CloseWithError(err)
							return
						}
					}
					pw.CloseWithError(mw.Close())
				}()
				res, b := a.do("POST", "/files", mw.FormDataContentType(), pr)
				return res.StatusCode, b
			}
			const size = 3 << 20
			code, b := send(size)
			var f fileObj
			if json.Unmarshal(b, &f); code != 200 || f.Bytes != size {
				t.Errorf("upload = %d, %d bytes", code, f.Bytes)
			}
			a.srv.SetFileSizeLimit(1 << 20)
			if code, _ := send(size); code != 413 {
				t.Errorf("upload over the limit = %d, want 413", code)
			}
		})
	}
}
