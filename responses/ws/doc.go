// Package ws runs the Responses API over one WebSocket connection.
package ws
