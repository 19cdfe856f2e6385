package responsestest

import "github.com/respkit/respkit/responses"

// Default is the server's model when no reply is enqueued. It is a simulator,
// not a model: it answers every request with one short, fixed sentence that
// says so.
func Default(req *responses.Request) Reply {
	return Text("Hello from respkit's offline test server: this answer is simulated, not written by a model.")
}
