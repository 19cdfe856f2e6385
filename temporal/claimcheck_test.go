package temporal_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/server/temporaltest"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/temporal"
)

// memStore is a BlobStore in memory.
type memStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func (m *memStore) Put(_ context.Context, data []byte) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := fmt.Sprintf("blob-%d", len(m.blobs)+1)
	m.blobs[key] = append([]byte(nil), data...)
	return key, nil
}

func (m *memStore) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[key]
	if !ok {
		return nil, errors.New("no such blob")
	}
	return b, nil
}

// TestClaimCheck runs a workflow whose model answers with 3 MB of text, more
// than the embedded server's 2 MB payload limit, through the claim-check
// codec: the answer travels by reference and the run ends with it.
func TestClaimCheck(t *testing.T) {
	store := &memStore{blobs: map[string][]byte{}}
	dc := converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), temporal.ClaimCheck(store, 256<<10))
	ts := temporaltest.NewServer(temporaltest.WithT(t), temporaltest.WithBaseClientOptions(client.Options{DataConverter: dc}))
	big := strings.Repeat("Grüße, 世界! 🌍 \"quoted\"\n", 3<<20/30)
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetModel(func(*responses.Request) responsestest.Reply { return responsestest.Text(big) })
	oc, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	agent := &temporal.Agent{Loop: &responses.Loop{Service: responses.New(oc)}}
	ts.NewWorker("agents", agent.Register)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	run, err := ts.GetDefaultClient().ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "agents"}, temporal.WorkflowName,
		temporal.RunInput{Request: &responses.Request{Model: "m", Input: responses.Text("write a lot")}})
	if err != nil {
		t.Fatal(err)
	}
	var tr responses.Transcript
	if err := run.Get(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if got := tr.Response().OutputText(); got != big {
		t.Errorf("the answer has %d bytes, want %d", len(got), len(big))
	}
	if len(store.blobs) == 0 {
		t.Error("nothing went to the store")
	}
}

// TestClaimCheckSmall leaves small payloads in place and restores large
// ones.
func TestClaimCheckSmall(t *testing.T) {
	store := &memStore{blobs: map[string][]byte{}}
	dc := converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), temporal.ClaimCheck(store, 100))
	for _, v := range []string{"small", strings.Repeat("large ", 100)} {
		p, err := dc.ToPayload(v)
		if err != nil {
			t.Fatal(err)
		}
		var back string
		if err := dc.FromPayload(p, &back); err != nil || back != v {
			t.Errorf("round trip of %d bytes: %q, %v", len(v), back, err)
		}
	}
	if len(store.blobs) != 1 {
		t.Errorf("%d blobs stored, want 1", len(store.blobs))
	}
}
