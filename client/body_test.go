package client

import (
	"io"
	"net/http"
	"testing"
)

// TestBodyRelease checks that a released body reads as ended, as net/http
// reads it once more after its Content-Length to check that nothing is
// left; a read error there made net/http drop the connection of the
// stream that was being read.
func TestBodyRelease(t *testing.T) {
	req, err := http.NewRequest("POST", "http://example.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte(`{"input":"caf\u00e9 \"ouvert\"\n"}`)
	rb := newBody(req, b)
	if req.ContentLength != int64(len(b)) {
		t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(b))
	}
	got, err := io.ReadAll(io.LimitReader(req.Body, req.ContentLength))
	if err != nil || string(got) != string(b) {
		t.Fatalf("read %q, %v; want %q", got, err, b)
	}
	rb.release()
	if n, err := req.Body.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("Read after release = %d, %v; want 0, io.EOF", n, err)
	}
	if _, err := req.GetBody(); err == nil {
		t.Error("GetBody after release succeeded; want an error")
	}
	if rb.src.b != nil {
		t.Error("the body's bytes are still held after release")
	}
}

// TestBodyKeptUntilSent checks that a body that was not read whole is not
// released: net/http may still be sending it.
func TestBodyKeptUntilSent(t *testing.T) {
	req, _ := http.NewRequest("POST", "http://example.com/", nil)
	rb := newBody(req, []byte(`{"model":"gpt-5"}`))
	if _, err := req.Body.Read(make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	rb.release()
	rest, err := io.ReadAll(req.Body)
	if err != nil || string(rest) != `del":"gpt-5"}` {
		t.Errorf("rest = %q, %v; want the rest of the body", rest, err)
	}
	r2, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if all, _ := io.ReadAll(r2); string(all) != `{"model":"gpt-5"}` {
		t.Errorf("GetBody reads %q", all)
	}
}
