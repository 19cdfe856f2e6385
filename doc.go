// Package respkit is a Go SDK for the OpenAI Responses API, with the helpers
// that make a model a dependable part of a Go service.
//
// This package holds no code: it is the map. The SDK is in its
// subpackages:
//
//   - [github.com/respkit/respkit/client]: the connection. API key and base
//     URL (from OPENAI_API_KEY and OPENAI_BASE_URL, or options), Azure
//     OpenAI, retries with backoff that honour Retry-After, per-attempt
//     timeouts, middleware, opt-in slog logging that never shows the key,
//     and *client.APIError with sentinels such as client.ErrRateLimited.
//   - [github.com/respkit/respkit/responses]: the Responses API. Request,
//     Response, every item, content part, tool and stream event as typed Go
//     values that round-trip through JSON; the Service (Create, Stream, Get,
//     Resume, Delete, Cancel, Compact, InputItems, CountInputTokens); the
//     stream accumulator; typed structured output (Parse); Go functions as
//     tools and the tool loop.
//   - [github.com/respkit/respkit/responses/responsestest]: a fake Responses
//     API for tests and offline examples.
//   - [github.com/respkit/respkit/schema]: strict JSON Schemas derived from
//     Go types, and strict (and streaming, partial) decoding of model JSON.
//   - [github.com/respkit/respkit/stream]: the server-sent events decoder.
//   - [github.com/respkit/respkit/patch]: the V4A patch format that models
//     use to edit files, parsed and applied safely inside a folder.
//
// A basic call needs two imports:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//
//		"github.com/respkit/respkit/client"
//		"github.com/respkit/respkit/responses"
//	)
//
//	func main() {
//		c, err := client.New() // reads OPENAI_API_KEY
//		if err != nil {
//			log.Fatal(err)
//		}
//		rs := responses.New(c)
//		resp, err := rs.Create(context.Background(), &responses.Request{
//			Model: "gpt-5-mini",
//			Input: responses.Text("Say hello to a Go developer."),
//		})
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println(resp.OutputText())
//	}
//
// The examples folder is a learning path, from this first call to an agent
// loop; each example runs offline against responsestest when OPENAI_API_KEY
// is not set.
package respkit
