package temporal

import (
	"context"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// BlobStore keeps the payloads that are too large for a workflow's history:
// an object store, a database table. Keys are the store's own.
type BlobStore interface {
	Put(ctx context.Context, data []byte) (key string, err error)
	Get(ctx context.Context, key string) ([]byte, error)
}

// claimEncoding marks a payload that holds a key of a BlobStore.
const claimEncoding = "respkit/claim-check"

// ClaimCheck returns a payload codec that keeps every payload larger than
// limit bytes in store and puts in the workflow's history only its key, so
// that long transcripts, large model responses and documents travel by
// reference under Temporal's payload limit (2 MB by default). Use it in the
// data converter of every client and worker of the agent's task queue:
//
//	dc := converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), temporal.ClaimCheck(store, 256<<10))
//	c, err := client.Dial(client.Options{DataConverter: dc})
//
// Payloads at or under limit stay in the history as they are.
func ClaimCheck(store BlobStore, limit int) converter.PayloadCodec {
	if store == nil {
		panic("temporal: ClaimCheck called with a nil store")
	}
	return &claimCheck{store: store, limit: limit}
}

type claimCheck struct {
	store BlobStore
	limit int
}

func (c *claimCheck) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if proto.Size(p) <= c.limit {
			out[i] = p
			continue
		}
		data, err := proto.Marshal(p)
		if err != nil {
			return nil, err
		}
		key, err := c.store.Put(context.Background(), data)
		if err != nil {
			return nil, fmt.Errorf("temporal: claim check: storing a payload of %d bytes: %w", len(data), err)
		}
		out[i] = &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(claimEncoding)}, Data: []byte(key)}
	}
	return out, nil
}

func (c *claimCheck) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != claimEncoding {
			out[i] = p
			continue
		}
		data, err := c.store.Get(context.Background(), string(p.Data))
		if err != nil {
			return nil, fmt.Errorf("temporal: claim check: payload %q: %w", p.Data, err)
		}
		var orig commonpb.Payload
		if err := proto.Unmarshal(data, &orig); err != nil {
			return nil, fmt.Errorf("temporal: claim check: payload %q: %w", p.Data, err)
		}
		out[i] = &orig
	}
	return out, nil
}
