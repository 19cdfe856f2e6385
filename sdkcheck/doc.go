// Package sdkcheck holds the official OpenAI SDKs to the fake Responses API
// server of package responsestest: its tests make openai-go drive a
// [responsestest.Server] through every route the fake serves (create,
// stream, get, delete, cancel, resume, input items, compact, input-token
// count) and through every refusal it makes, and check that the SDK reads
// each answer as it reads the real API's. The folder node/ runs the same
// checks with the official Node SDK.
//
// It is a module of its own, so that respkit never depends on openai-go;
// CI runs its tests beside the core module's.
//
// [responsestest.Server]: https://pkg.go.dev/github.com/respkit/respkit/responses/responsestest#Server
package sdkcheck
