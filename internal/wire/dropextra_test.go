package wire

import "testing"

func TestDropExtra(t *testing.T) {
	tests := []struct {
		name, in, drop, want string
	}{
		{"unknown member", `{"req":"r","x":1,"stream":true}`, "stream", `{"req":"r","x":1}`},
		{"only member", `{"req":"r","stream":true}`, "stream", `{"req":"r"}`},
		{"null kept", `{"s":null,"req":"r","stream":1}`, "stream", `{"s":null,"req":"r"}`},
		{"known member of the wrong kind", `{"req":"r","n":"text"}`, "n", `{"req":"r"}`},
		{"absent", `{"req":"r","x":1}`, "stream", `{"req":"r","x":1}`},
		{"no raw members", `{"req":"r"}`, "stream", `{"req":"r"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			if err := Unmarshal([]byte(tt.in), &d); err != nil {
				t.Fatal(err)
			}
			cp := d
			DropExtra(&cp, tt.drop)
			if got := string(mustMarshal(t, &cp)); got != tt.want {
				t.Errorf("DropExtra(%s, %q) encodes as %s, want %s", tt.in, tt.drop, got, tt.want)
			}
			if got := string(mustMarshal(t, &d)); got != tt.in {
				t.Errorf("the original encodes as %s after DropExtra on its copy, want %s", got, tt.in)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
