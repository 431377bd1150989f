//go:build !race && !gofuzz

package fuzz

const raceEnabled = false
