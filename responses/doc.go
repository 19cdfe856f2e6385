// Package responses is the OpenAI Responses API.
package responses

//go:generate go run ../internal/cmd/wiregen
