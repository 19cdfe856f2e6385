package files_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
	"github.com/respkit/respkit/responses"
)

// An inline document needs no server: a short PDF becomes a data URL.
func ExampleDocuments_FromBytes() {
	var docs files.Documents // no Files: documents over 1 MiB are an error
	part, err := docs.FromBytes(context.Background(), "invoice.pdf", []byte("%PDF-1.7 ..."))
	if err != nil {
		log.Fatal(err)
	}
	msg := responses.UserMessage("Extract the invoice.", part)
	b, _ := json.Marshal(msg.Content[1])
	fmt.Println(string(b))
	// Output:
	// {"type":"input_file","file_data":"data:application/pdf;base64,JVBERi0xLjcgLi4u","filename":"invoice.pdf"}
}

func ExampleDataURL() {
	fmt.Println(files.DataURL("text/markdown", []byte("# Terms")))
	// Output:
	// data:text/markdown;base64,IyBUZXJtcw==
}

// Upload streams a file from any reader; this example's server stands for
// the API and answers with what it received.
func ExampleService_Upload() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file, header, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		n, _ := io.Copy(io.Discard, file)
		fmt.Printf("%s %s: purpose=%s expires_after=%s/%s file=%s (%s)\n", r.Method, r.URL.Path,
			r.FormValue("purpose"), r.FormValue("expires_after[anchor]"), r.FormValue("expires_after[seconds]"),
			header.Filename, header.Header.Get("Content-Type"))
		json.NewEncoder(w).Encode(map[string]any{
			"id": "file-abc123", "object": "file", "bytes": n, "created_at": 1700000000,
			"expires_at": 1700086400, "filename": header.Filename, "purpose": r.FormValue("purpose"),
			"status": "processed",
		})
	}))
	defer srv.Close()

	c, err := client.New(client.WithAPIKey("sk-example"), client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}
	fs := files.New(c)
	jsonl := strings.NewReader(`{"custom_id":"doc-1","method":"POST","url":"/v1/responses","body":{}}` + "\n")
	f, err := fs.Upload(context.Background(), files.PurposeBatch, "batch.jsonl", jsonl,
		files.WithExpiresAfter(24*time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	exp, _ := f.Expires()
	fmt.Println(f.ID, f.Bytes, f.Purpose, exp.UTC().Format(time.DateOnly))
	// Output:
	// POST /v1/files: purpose=batch expires_after=created_at/86400 file=batch.jsonl (application/jsonl)
	// file-abc123 70 batch 2023-11-15
}
