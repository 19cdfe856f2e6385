// Package ws runs the Responses API over one WebSocket connection: the
// API's WebSocket mode, for agent loops that go back and forth with the
// model many times.
//
// A [Conn] is opened from a *responses.Service, whose client gives it the
// base URL, the key and the headers. [Conn.Stream] sends a request and
// yields its response's events exactly as Service.Stream does (the same
// Event types, the same *responses.StreamError), and [Conn.Create] waits
// for the response. A Conn is a [responses.Transport]: set it as a
// Loop's Transport and the loop runs over the connection.
//
//	conn, err := ws.Dial(ctx, rs)
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer conn.Close()
//	loop := &responses.Loop{Transport: conn, Tools: tools}
//	t, err := loop.Run(ctx, req)
//
// # Sending only what is new
//
// The server keeps the last response of each lane of a connection in
// memory. A request that repeats the conversation so far (the input of the
// lane's last response, then that response's output, as a stateless tool
// loop builds it) is sent as a continuation: previous_response_id and only
// the items that follow. A request that names its PreviousResponseID, or a
// Conversation, is sent as it is. When the server no longer has the
// previous response (previous_response_not_found: evicted, or a new
// connection) the request is sent again whole, once; nothing is run twice.
//
// # Lanes
//
// A connection runs one response at a time per lane, in order; lanes run
// side by side. [Conn.Stream] uses the default lane; [Conn.Lane] names
// another, for a second conversation or a fork of the first (a lane may
// continue a response of any other with PreviousResponseID). A Stream on a
// busy lane waits for it.
//
// # Connections
//
// The connection is opened by [Dial], and again, transparently, when it
// broke or nears the server's 60-minute limit: a request that breaks
// before its first event is sent again on a new connection, within the
// client's retry budget. A stream that breaks after its first event ends
// with a *responses.StreamError, as over HTTP; a [responses.Loop] sends
// that turn again. Background requests are not supported over WebSocket.
//
// The caller of the only response in flight reads the connection itself
// (with several lanes busy, a goroutine reads for them all), so ending the
// context of that call closes the connection: the next request opens a new
// one, and sends its input whole. Between requests nothing reads the
// connection. [Conn.Stats] counts the connections, requests, continuations
// and bytes sent.
//
// # Cost
//
// On the 20-turn tool loop of the repository's bench module, a turn over
// a Conn sends 0.12× the bytes of the same loop over HTTP with Store false,
// costs about the same client CPU, and 7.7× less than openai-go's
// WebSocket mode (see bench/README.md).
package ws
