package files

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

// FuzzFormParts checks that the form written around an upload parses back,
// with a multipart reader, into the fields and the file it was given.
func FuzzFormParts(f *testing.F) {
	f.Add("batch", "in.jsonl", "application/jsonl", int64(0), []byte(`{"a":1}`))
	f.Add("user_data", `we"ird\name.pdf`, "application/pdf", int64(3600), []byte("--boundary\r\n"))
	f.Add("assistants", "naïve résumé.txt", "text/plain; charset=utf-8", int64(2592000), []byte{})
	f.Fuzz(func(t *testing.T, purpose, filename, ct string, seconds int64, content []byte) {
		if purpose == "" || filename == "" || ct == "" || hasControl(filename) || hasControl(ct) {
			return // refused by Upload
		}
		u := upload{contentType: ct}
		if seconds > 0 {
			u.expiresAfter = time.Duration(seconds%int64(MaxExpiresAfter/time.Second)) * time.Second
		}
		head, tail, boundary := formParts(Purpose(purpose), filename, &u)
		body := bytes.Join([][]byte{head, content, tail}, nil)
		r := multipart.NewReader(bytes.NewReader(body), boundary)
		fields := map[string]string{}
		var got []byte
		var gotName, gotCT string
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("part: %v\n%q", err, body)
			}
			b, err := io.ReadAll(p)
			if err != nil {
				t.Fatal(err)
			}
			if p.FormName() == "file" {
				_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
				if err != nil {
					t.Fatalf("Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
				}
				got, gotName, gotCT = b, params["filename"], p.Header.Get("Content-Type")
				continue
			}
			fields[p.FormName()] = string(b)
		}
		if !bytes.Equal(got, content) {
			t.Errorf("content %q, want %q", got, content)
		}
		if gotName != filename && !strings.ContainsAny(filename, "%") {
			t.Errorf("filename %q, want %q", gotName, filename)
		}
		if gotCT != strings.TrimSpace(ct) {
			t.Errorf("content type %q, want %q", gotCT, ct)
		}
		if fields["purpose"] != purpose {
			t.Errorf("purpose %q, want %q", fields["purpose"], purpose)
		}
	})
}
