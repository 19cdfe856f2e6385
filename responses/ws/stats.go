package ws

import "sync/atomic"

// Stats counts what a [Conn] did, for a program that shows or checks how
// much the WebSocket mode saves.
type Stats struct {
	Connections   int   // connections opened
	Requests      int   // response.create messages sent
	Continuations int   // of them, sent as continuations with only the new items
	Resent        int   // requests sent again whole after previous_response_not_found
	BytesSent     int64 // bytes of the messages sent (their JSON, without framing)
}

// counters are a Conn's Stats as it runs.
type counters struct {
	connections, requests, continuations, resent atomic.Int64
	bytes                                        atomic.Int64
}

// Stats returns what the Conn did so far.
func (c *Conn) Stats() Stats {
	return Stats{
		Connections:   int(c.n.connections.Load()),
		Requests:      int(c.n.requests.Load()),
		Continuations: int(c.n.continuations.Load()),
		Resent:        int(c.n.resent.Load()),
		BytesSent:     c.n.bytes.Load(),
	}
}
