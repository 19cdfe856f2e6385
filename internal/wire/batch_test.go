package wire

import (
	"fmt"
	"strings"
	"testing"
)

// batchDoc returns a document with a union value and strings, different
// for each i.
func batchDoc(i int) []byte {
	return fmt.Appendf(nil, `{"s":"caf\u00e9 %d \"q\"","l":["msg_0123456789abcdef","w%d \ud83d\ude00"],"shape":{"type":"named","name":"n%d"},"req":"r"}`, i, i, i)
}

func checkBatchDoc(t *testing.T, d *doc, i int) {
	t.Helper()
	n, ok := d.Shape.(*named)
	if d.S != fmt.Sprintf("café %d \"q\"", i) || len(d.L) != 2 || d.L[0] != "msg_0123456789abcdef" || d.L[1] != fmt.Sprintf("w%d 😀", i) || !ok || n.Name != fmt.Sprintf("n%d", i) {
		t.Errorf("document %d reads %q %q %#v", i, d.S, d.L, d.Shape)
	}
}

// TestTrim checks that a trimmed Decoder holds no batch and no chunk, nor
// a recent string that would keep one alive, and that the values decoded
// before stay intact while other Decoders continue its batches.
func TestTrim(t *testing.T) {
	var dec Decoder
	dec.Batch(32)
	kept := make([]*doc, 10)
	for i := range kept {
		kept[i] = new(doc)
		if err := dec.Unmarshal(batchDoc(i), kept[i]); err != nil {
			t.Fatal(err)
		}
	}
	if dec.slabs.b == nil || dec.arena.cut == 0 {
		t.Fatal("a batching Decoder holds no batches or chunk strings")
	}
	// A short string allocated on its own is kept for sharing.
	dec.Batch(0)
	var lone doc
	if err := dec.Unmarshal([]byte(`{"req":"solo"}`), &lone); err != nil {
		t.Fatal(err)
	}
	// A long escaped string grows the scratch buffer.
	long := `{"req":"` + strings.Repeat(`\u00e9`, 8<<10) + `"}`
	var big doc
	if err := dec.Unmarshal([]byte(long), &big); err != nil {
		t.Fatal(err)
	}
	dec.Trim()
	if dec.slabs.b != nil {
		t.Error("Trim kept the batches")
	}
	if cap(dec.d.scratch) > maxScratch {
		t.Errorf("Trim kept a scratch buffer of %d bytes", cap(dec.d.scratch))
	}
	for i, s := range dec.arena.recent {
		if len(s) > maxShared {
			t.Errorf("recent[%d] keeps a string of %d bytes", i, len(s))
		}
		if s != "" && s != "solo" && s != "r" {
			t.Errorf("recent[%d] = %q, cut from a chunk, is kept", i, s)
		}
	}
	if dec.arena.recent[len("solo")] != "solo" {
		t.Error("Trim dropped a short string allocated on its own")
	}

	// Other Decoders take the trimmed batches from the pool and fill them
	// on: what was decoded before must not change.
	for range 4 {
		var other Decoder
		other.Batch(32)
		for i := range 200 {
			var d doc
			if err := other.Unmarshal(batchDoc(1000+i), &d); err != nil {
				t.Fatal(err)
			}
		}
		other.Trim()
	}
	for i, d := range kept {
		checkBatchDoc(t, d, i)
	}
}

// TestBatchOff checks that a Decoder that does not batch allocates each
// value and string on its own: nothing it decodes shares memory with a
// batch or a chunk.
func TestBatchOff(t *testing.T) {
	var dec Decoder
	for i := range 3 {
		var d doc
		if err := dec.Unmarshal(batchDoc(i), &d); err != nil {
			t.Fatal(err)
		}
		checkBatchDoc(t, &d, i)
	}
	if dec.slabs.b != nil || dec.arena.cut != 0 {
		t.Error("a Decoder that does not batch took batches or cut strings from a chunk")
	}
}
