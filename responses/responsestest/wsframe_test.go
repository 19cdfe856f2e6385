package responsestest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
)

// clientFrame builds a masked client frame.
func clientFrame(fin bool, op byte, payload []byte, masked bool) []byte {
	var b []byte
	h := op
	if fin {
		h |= 0x80
	}
	b = append(b, h)
	m := byte(0)
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		b = append(b, m|byte(n))
	case n <= 0xFFFF:
		b = append(b, m|126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, m|127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	if masked {
		b = append(b, key[:]...)
	}
	for i, c := range payload {
		if masked {
			c ^= key[i%4]
		}
		b = append(b, c)
	}
	return b
}

// serverFrames reads the frames the server wrote: opcode and payload.
func serverFrames(r io.Reader) (ops []byte, payloads [][]byte) {
	br := bufio.NewReader(r)
	for {
		var h [2]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return
		}
		n := int(h[1] & 0x7F)
		switch n {
		case 126:
			var l [2]byte
			io.ReadFull(br, l[:])
			n = int(binary.BigEndian.Uint16(l[:]))
		case 127:
			var l [8]byte
			io.ReadFull(br, l[:])
			n = int(binary.BigEndian.Uint64(l[:]))
		}
		p := make([]byte, n)
		io.ReadFull(br, p)
		ops, payloads = append(ops, h[0]&0x0F), append(payloads, p)
	}
}

func TestWSFrames(t *testing.T) {
	long := []byte(strings.Repeat("é😀\"\n", 20000)) // over 64 KiB: the 8-byte length
	tests := []struct {
		name    string
		in      [][]byte
		want    string // the message read, or "" for an error
		replies []byte // opcodes the server answers with
		code    uint16 // the status of its close frame, if any
	}{
		{"one frame", [][]byte{clientFrame(true, opText, []byte(`{"a":1}`), true)}, `{"a":1}`, nil, 0},
		{"fragments and a ping between", [][]byte{
			clientFrame(false, opText, []byte(`{"a":`), true),
			clientFrame(true, opPing, []byte("p"), true),
			clientFrame(true, opContinuation, []byte(`1}`), true),
		}, `{"a":1}`, []byte{opPong}, 0},
		{"long", [][]byte{clientFrame(true, opText, long, true)}, string(long), nil, 0},
		{"unmasked", [][]byte{clientFrame(true, opText, []byte("x"), false)}, "", []byte{opClose}, closeProtocol},
		{"binary", [][]byte{clientFrame(true, opBinary, []byte("x"), true)}, "", []byte{opClose}, closeUnsupported},
		{"bad opcode", [][]byte{clientFrame(true, 0x3, []byte("x"), true)}, "", []byte{opClose}, closeProtocol},
		{"continuation first", [][]byte{clientFrame(true, opContinuation, []byte("x"), true)}, "", []byte{opClose}, closeProtocol},
		{"fragmented ping", [][]byte{clientFrame(false, opPing, []byte("x"), true)}, "", []byte{opClose}, closeProtocol},
		{"close", [][]byte{clientFrame(true, opClose, binary.BigEndian.AppendUint16(nil, 1000), true)}, "", []byte{opClose}, closeNormal},
		{"not UTF-8", [][]byte{clientFrame(true, opText, []byte{'"', 0xff, '"'}, true)}, "", []byte{opClose}, closeInvalidData},
		{"close without a status", [][]byte{clientFrame(true, opClose, nil, true)}, "", []byte{opClose}, closeNormal},
		{"close with an application status", [][]byte{clientFrame(true, opClose, binary.BigEndian.AppendUint16(nil, 4000), true)}, "", []byte{opClose}, 4000},
		{"close with 1006", [][]byte{clientFrame(true, opClose, binary.BigEndian.AppendUint16(nil, 1006), true)}, "", []byte{opClose}, closeProtocol},
		{"close of one byte", [][]byte{clientFrame(true, opClose, []byte{3}, true)}, "", []byte{opClose}, closeProtocol},
		{"pong ignored", [][]byte{clientFrame(true, opPong, nil, true), clientFrame(true, opText, []byte("x"), true)}, "x", nil, 0},
		{"text inside a message", [][]byte{clientFrame(false, opText, []byte("a"), true), clientFrame(true, opText, []byte("b"), true)}, "", []byte{opClose}, closeProtocol},
		{"reserved bits", [][]byte{append([]byte{0xC1}, clientFrame(true, opText, []byte("x"), true)[1:]...)}, "", []byte{opClose}, closeProtocol},
		{"too big", [][]byte{{0x81, 0x80 | 127, 0, 0, 0, 0, 0x10, 0, 0, 0}}, "", []byte{opClose}, closeTooBig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			server, client := net.Pipe()
			c := &wsConn{nc: server, br: bufio.NewReader(server), bw: bufio.NewWriter(server)}
			var out bytes.Buffer
			done := make(chan struct{})
			go func() {
				io.Copy(&out, client)
				close(done)
			}()
			go func() {
				for _, f := range tc.in {
					if _, err := client.Write(f); err != nil {
						return
					}
				}
			}()
			msg, err := c.read()
			if tc.want != "" {
				if err != nil || string(msg) != tc.want {
					t.Fatalf("read %.40q, %v", msg, err)
				}
			} else if err == nil {
				t.Fatalf("read %.40q, want an error", msg)
			}
			c.drop()
			<-done
			ops, payloads := serverFrames(&out)
			if !bytes.Equal(ops, tc.replies) {
				t.Fatalf("server frames %v, want %v", ops, tc.replies)
			}
			if tc.code != 0 {
				if got := binary.BigEndian.Uint16(payloads[len(payloads)-1]); got != tc.code {
					t.Errorf("close status %d, want %d", got, tc.code)
				}
			}
		})
	}
}

// FuzzWSRead reads arbitrary bytes as client frames: an error or a
// message, never a panic.
func FuzzWSRead(f *testing.F) {
	f.Add(clientFrame(true, opText, []byte(`{"type":"response.create"}`), true))
	f.Add(append(clientFrame(false, opText, []byte("a"), true), clientFrame(true, opContinuation, []byte("b"), true)...))
	f.Add(clientFrame(true, opPing, nil, true))
	f.Add([]byte{0x81, 0xFE, 0xFF})
	f.Fuzz(func(t *testing.T, in []byte) {
		c := &wsConn{nc: nopConn{}, br: bufio.NewReader(bytes.NewReader(in)), bw: bufio.NewWriter(io.Discard)}
		msg, err := c.read()
		if err == nil && len(msg) > len(in) {
			t.Fatalf("a message of %d bytes from %d", len(msg), len(in))
		}
	})
}

// nopConn is a net.Conn that does nothing, for the fuzz test.
type nopConn struct{ net.Conn }

func (nopConn) Close() error { return nil }
