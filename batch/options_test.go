package batch_test

import (
	"errors"
	"testing"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
)

// The raw calls take per-call options, which reach the server with that
// call alone.
func TestCallOptions(t *testing.T) {
	srv, bs := newServer(t)
	ctx := t.Context()
	tenant := client.WithHeader("X-Tenant", "tenant-42")
	calls := []struct {
		name string
		call func() error
	}{
		{"Create", func() error {
			_, err := bs.Create(ctx, &batch.CreateParams{InputFileID: "file-missing"}, tenant)
			return err
		}},
		{"Get", func() error { _, err := bs.Get(ctx, "batch_missing", tenant); return err }},
		{"Cancel", func() error { _, err := bs.Cancel(ctx, "batch_missing", tenant); return err }},
		{"List", func() error {
			for _, err := range bs.List(ctx, nil, tenant) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, c := range calls {
		if err := c.call(); err != nil && !errors.Is(err, client.ErrNotFound) {
			t.Fatalf("%s: %v", c.name, err)
		}
		reqs := srv.Requests()
		if len(reqs) == 0 {
			t.Fatalf("%s: nothing sent", c.name)
		}
		if got := reqs[len(reqs)-1].Header.Get("X-Tenant"); got != "tenant-42" {
			t.Errorf("%s: X-Tenant %q", c.name, got)
		}
	}
}
