package responses

import (
	"encoding/json"
	"testing"
)

func TestEncodeRequestStream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		json   string // the request, decoded from this JSON when set
		stream bool
		want   string
	}{
		{name: "built", stream: false, want: `{"model":"m"}`},
		{name: "built/stream", stream: true, want: `{"stream":true,"model":"m"}`},
		{name: "decoded stream", json: `{"model":"m","stream":true,"x":1}`, stream: false, want: `{"model":"m","x":1}`},
		{name: "decoded stream/stream", json: `{"model":"m","stream":false}`, stream: true, want: `{"stream":true,"model":"m"}`},
		{name: "decoded only stream", json: `{"stream":true}`, stream: false, want: `{}`},
		{name: "decoded only stream/stream", json: `{"stream":true}`, stream: true, want: `{"stream":true}`},
		{name: "decoded null kept", json: `{"model":"m","temperature":null,"stream":true}`, stream: false, want: `{"model":"m","temperature":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Model: "m"}
			if tt.json != "" {
				req = new(Request)
				if err := json.Unmarshal([]byte(tt.json), req); err != nil {
					t.Fatal(err)
				}
			}
			got, err := encodeRequest(req, tt.stream)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("encodeRequest(%s, %v) = %s, want %s", tt.json, tt.stream, got, tt.want)
			}
			if tt.json == "" {
				return
			}
			// The caller's request is not modified: it round-trips.
			back, err := json.Marshal(req)
			if err != nil {
				t.Fatal(err)
			}
			if string(back) != tt.json {
				t.Errorf("request encodes as %s after the call, want %s", back, tt.json)
			}
		})
	}
}
