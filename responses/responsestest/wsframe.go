package responsestest

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The server side of the WebSocket protocol (RFC 6455), just what the
// Responses API's WebSocket mode needs: text messages, fragmented or not,
// pings answered, closes echoed. It is written here rather than imported
// so that a program that uses the fake does not compile a WebSocket
// library (the client side, package responses/ws, uses
// github.com/coder/websocket: the tests check the two against each other).

// WebSocket close status codes.
const (
	closeNormal      = 1000
	closeGoingAway   = 1001
	closeProtocol    = 1002
	closeUnsupported = 1003
	closeInvalidData = 1007
	closeTooBig      = 1009
)

// Frame opcodes.
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// maxWSMessage bounds a message the fake reads.
const maxWSMessage = 64 << 20

// wsAccept returns the Sec-WebSocket-Accept value for key.
func wsAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// isUpgrade reports whether r asks for a WebSocket connection.
func isUpgrade(r *http.Request) bool {
	return headerHas(r.Header, "Connection", "upgrade") && headerHas(r.Header, "Upgrade", "websocket")
}

func headerHas(h http.Header, key, token string) bool {
	for _, v := range h.Values(key) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// wsConn is one accepted WebSocket connection.
type wsConn struct {
	nc net.Conn
	br *bufio.Reader

	wmu    sync.Mutex // serializes frames
	bw     *bufio.Writer
	closed bool // a close frame was sent
}

// errWSClosed is the error of reading a connection the client closed.
var errWSClosed = errors.New("websocket closed")

// acceptWS answers r, an upgrade request, with 101 and returns the
// connection; on failure it has answered with an error already.
func acceptWS(w http.ResponseWriter, r *http.Request) (*wsConn, error) {
	if r.Header.Get("Sec-WebSocket-Version") != "13" {
		// RFC 6455, section 4.4: the versions the server speaks.
		w.Header().Set("Sec-WebSocket-Version", "13")
		http.Error(w, "a WebSocket upgrade needs Sec-WebSocket-Version 13", http.StatusUpgradeRequired)
		return nil, errors.New("websocket: unsupported version")
	}
	key := r.Header.Get("Sec-WebSocket-Key")
	if k, err := base64.StdEncoding.DecodeString(key); err != nil || len(k) != 16 {
		http.Error(w, "a WebSocket upgrade needs a Sec-WebSocket-Key of 16 bytes in base64", http.StatusBadRequest)
		return nil, errors.New("websocket: bad key")
	}
	nc, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	fmt.Fprintf(brw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", wsAccept(key))
	if err := brw.Flush(); err != nil {
		nc.Close()
		return nil, err
	}
	return &wsConn{nc: nc, br: brw.Reader, bw: bufio.NewWriter(nc)}, nil
}

// read returns the next text message. It answers pings, skips pongs,
// echoes a close (and returns errWSClosed), and closes the connection with
// the status the RFC says for a protocol error, a binary message or one
// too large.
func (c *wsConn) read() ([]byte, error) {
	var msg []byte
	inMessage := false
	for {
		fin, op, payload, err := c.frame()
		if err != nil {
			return nil, err
		}
		switch op {
		case opPing:
			c.write(opPong, payload)
		case opPong:
		case opClose:
			// Echo the status (RFC 6455, section 5.5.1), unless it is one
			// a close frame may not carry.
			code := closeNormal
			if len(payload) >= 2 {
				code = int(binary.BigEndian.Uint16(payload))
			}
			if len(payload) == 1 || !sendableClose(code) {
				c.close(closeProtocol, "bad close status")
				return nil, errors.New("websocket: bad close frame")
			}
			c.close(code, "")
			return nil, errWSClosed
		case opBinary:
			c.close(closeUnsupported, "text messages only")
			return nil, errors.New("websocket: binary message")
		case opText, opContinuation:
			if (op == opText) == inMessage {
				c.close(closeProtocol, "unexpected continuation")
				return nil, errors.New("websocket: bad fragmentation")
			}
			inMessage = true
			if len(msg)+len(payload) > maxWSMessage {
				c.close(closeTooBig, "message too big")
				return nil, errors.New("websocket: message too big")
			}
			msg = append(msg, payload...)
			if fin {
				if !utf8.Valid(msg) {
					c.close(closeInvalidData, "text message not UTF-8")
					return nil, errors.New("websocket: text message not UTF-8")
				}
				return msg, nil
			}
		default:
			c.close(closeProtocol, "unknown opcode")
			return nil, fmt.Errorf("websocket: opcode %#x", op)
		}
	}
}

// sendableClose reports whether a close frame may carry code (RFC 6455,
// section 7.4): a defined status other than 1004 to 1006 and 1015, or
// one of the ranges for libraries and applications.
func sendableClose(code int) bool {
	switch {
	case code >= 1000 && code <= 1003, code >= 1007 && code <= 1014:
		return true
	default:
		return code >= 3000 && code <= 4999
	}
}

// frame reads one frame and unmasks its payload.
func (c *wsConn) frame() (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(c.br, h[:]); err != nil {
		return false, 0, nil, err
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0F
	if h[0]&0x70 != 0 {
		c.close(closeProtocol, "reserved bits set")
		return false, 0, nil, errors.New("websocket: reserved bits")
	}
	if h[1]&0x80 == 0 {
		c.close(closeProtocol, "client frames must be masked")
		return false, 0, nil, errors.New("websocket: unmasked client frame")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(c.br, b[:]); err != nil {
			return false, 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(c.br, b[:]); err != nil {
			return false, 0, nil, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if op >= opClose && (n > 125 || !fin) {
		c.close(closeProtocol, "bad control frame")
		return false, 0, nil, errors.New("websocket: bad control frame")
	}
	if n > maxWSMessage {
		c.close(closeTooBig, "message too big")
		return false, 0, nil, errors.New("websocket: frame too big")
	}
	var mask [4]byte
	if _, err := io.ReadFull(c.br, mask[:]); err != nil {
		return false, 0, nil, err
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(c.br, payload); err != nil {
		return false, 0, nil, err
	}
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	return fin, op, payload, nil
}

// write sends one unmasked frame with FIN set.
func (c *wsConn) write(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed {
		return errWSClosed
	}
	return c.writeLocked(op, payload)
}

func (c *wsConn) writeLocked(op byte, payload []byte) error {
	c.bw.WriteByte(0x80 | op)
	switch n := len(payload); {
	case n < 126:
		c.bw.WriteByte(byte(n))
	case n <= 0xFFFF:
		c.bw.WriteByte(126)
		c.bw.Write(binary.BigEndian.AppendUint16(nil, uint16(n)))
	default:
		c.bw.WriteByte(127)
		c.bw.Write(binary.BigEndian.AppendUint64(nil, uint64(n)))
	}
	c.bw.Write(payload)
	return c.bw.Flush()
}

// text sends one text message.
func (c *wsConn) text(msg []byte) error { return c.write(opText, msg) }

// close sends a close frame with code and reason (once) and closes the
// connection shortly after, leaving the client time to read it.
func (c *wsConn) close(code int, reason string) {
	c.wmu.Lock()
	if !c.closed {
		c.closed = true
		c.writeLocked(opClose, append(binary.BigEndian.AppendUint16(nil, uint16(code)), reason...))
	}
	c.wmu.Unlock()
	time.AfterFunc(100*time.Millisecond, func() { c.nc.Close() })
}

// drop closes the connection at once, without a close frame: a connection
// lost.
func (c *wsConn) drop() {
	c.wmu.Lock()
	c.closed = true
	c.wmu.Unlock()
	c.nc.Close()
}
