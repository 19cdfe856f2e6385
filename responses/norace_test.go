//go:build !race

package responses_test

const raceEnabled = false
