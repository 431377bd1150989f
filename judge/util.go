package judge

import (
	"strconv"
	"strings"
)

func equalFold(b []byte, s string) bool { return strings.EqualFold(string(b), s) }

func itoa(n int) string { return strconv.Itoa(n) }
