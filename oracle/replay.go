package oracle

import (
	"fmt"
	"strings"
)

// layerModules names the Go module whose version a shared server layer
// (ServerImpl.Layer) reports; "" is the standard library.
var layerModules = map[string]string{
	"net/http server": "",
	"fasthttp server": "github.com/valyala/fasthttp",
}

// layerVersion returns the version of a shared server layer.
func layerVersion(layer string) string {
	if m, ok := layerModules[layer]; ok {
		return ModuleVersion(m)
	}
	return "unknown"
}

// replayAddr returns the HOST:PORT a TCP target listens on, "" for an
// in-process implementation.
func (t *target) replayAddr() string {
	if tt, ok := t.server.(*TCPTarget); ok {
		return tt.t.Addr
	}
	return ""
}

// ReplayCommand returns a one-line shell command that sends a finding's
// reproducer again: to a TCP target with nc, to an in-process
// implementation (f.Via for a shared layer's finding, else f.Target)
// with `fuzzrun replay`, which prints what it answers and the judge's
// verdict. addr is the TCP target's HOST:PORT, "" for an in-process one.
func ReplayCommand(f *Finding, addr string) string {
	msg := "printf '" + PrintfQuote([]byte(f.Reproducer)) + "'"
	if addr != "" {
		host, port := addr, ""
		if i := strings.LastIndex(addr, ":"); i >= 0 {
			host, port = strings.Trim(addr[:i], "[]"), addr[i+1:]
		}
		return fmt.Sprintf("%s | nc -q 2 %s %s", msg, host, port)
	}
	impl := f.Target
	if f.Via != "" {
		impl = f.Via
	}
	return fmt.Sprintf("%s | fuzzrun replay --impl %s", msg, impl)
}

// PrintfQuote escapes b as the format of a single-quoted printf(1)
// argument that prints b exactly: printable ASCII as itself, CR, LF and
// HTAB as \r, \n, \t, and every other octet (the quote, the backslash,
// controls, non-ASCII) as a three-digit octal escape; % is doubled.
func PrintfQuote(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\r':
			sb.WriteString(`\r`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '%':
			sb.WriteString("%%")
		case c == '\'' || c == '\\' || c < 0x20 || c > 0x7e:
			fmt.Fprintf(&sb, `\%03o`, c)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
