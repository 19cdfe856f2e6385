package batch

// Exported for the tests of package batch_test.
var (
	AppendLine   = appendLine
	ReadLines    = readLines
	DecodeResult = decodeResult[struct {
		Doc string `json:"doc"`
		N   int    `json:"n"`
	}]
)
