package responses

import "github.com/respkit/respkit/internal/wire"

// ComputerTool lets the model control a computer of yours: its computer
// calls ask for clicks, typing and screenshots, which you perform and answer
// with computer_call_output items.
//
//wire:variant Tool computer
type ComputerTool struct {
	meta wire.Meta
}

// ComputerUsePreviewTool is the preview version of [ComputerTool], for the
// computer-use-preview model.
//
//wire:variant Tool computer_use_preview
type ComputerUsePreviewTool struct {
	// Environment is "windows", "mac", "linux", "ubuntu" or "browser".
	Environment string `json:"environment"`
	// DisplayWidth and DisplayHeight are the screen's size in pixels.
	DisplayWidth  int `json:"display_width"`
	DisplayHeight int `json:"display_height"`
	meta          wire.Meta
}
