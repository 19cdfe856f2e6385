package files_test

import (
	"io"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
)

// Each call takes per-call options, which reach the server with that call
// alone.
func TestCallOptions(t *testing.T) {
	srv, fs := newServer(t)
	ctx := t.Context()
	f, err := fs.Upload(ctx, files.PurposeUserData, "notes.txt", strings.NewReader("Grüße 😀\n"))
	if err != nil {
		t.Fatal(err)
	}
	tenant := client.WithHeader("X-Tenant", "tenant-42")
	calls := []struct {
		name string
		call func() error
	}{
		{"Get", func() error { _, err := fs.Get(ctx, f.ID, tenant); return err }},
		{"List", func() error {
			for _, err := range fs.List(ctx, nil, tenant) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"Content", func() error {
			rc, err := fs.Content(ctx, f.ID, tenant)
			if err != nil {
				return err
			}
			defer rc.Close()
			_, err = io.ReadAll(rc)
			return err
		}},
		{"Delete", func() error { return fs.Delete(ctx, f.ID, tenant) }},
	}
	for _, c := range calls {
		if err := c.call(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		reqs := srv.Requests()
		if got := reqs[len(reqs)-1].Header.Get("X-Tenant"); got != "tenant-42" {
			t.Errorf("%s: X-Tenant %q", c.name, got)
		}
	}
	if got := srv.Requests()[0].Header.Get("X-Tenant"); got != "" {
		t.Errorf("the upload, sent without options, has X-Tenant %q", got)
	}
}
