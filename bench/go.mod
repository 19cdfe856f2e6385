module github.com/respkit/respkit/bench

go 1.26.0

require (
	github.com/openai/openai-go/v3 v3.98.0
	github.com/respkit/respkit v0.0.0
	github.com/sashabaranov/go-openai v1.43.0
	github.com/tidwall/gjson v1.20.2
)

require (
	github.com/cenkalti/backoff/v4 v4.3.0 // indirect
	github.com/coder/websocket v1.8.15 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.3.0 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
)

replace github.com/respkit/respkit => ../
