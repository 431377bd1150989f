package parser

// Default limits. RFC 9110 §2.3 asks recipients to parse defensively with
// bounded buffers; a message over a limit is refused citing a LIMIT-n rule
// (431 Request Header Fields Too Large for a request, RFC 9110 §5.4).
const (
	// DefaultMaxHeadBytes caps a message head, start-line to blank line.
	// Browsers' handshakes are under 1 KiB; nginx's default header buffer is
	// 8 KiB per line and Go's net/http allows 1 MiB for the whole head. 16 KiB
	// leaves room for large cookies while keeping a fuzzer's worst case small.
	DefaultMaxHeadBytes = 16 << 10
	// DefaultMaxFields caps the number of field lines (Apache's
	// LimitRequestFields default is 100).
	DefaultMaxFields = 100
	// DefaultMaxListElements caps the elements, empty ones included, of one
	// list-valued field (all its lines together).
	DefaultMaxListElements = 64
	// DefaultMaxExtensionParams caps the parameters of one
	// Sec-WebSocket-Extensions element; permessage-deflate defines four.
	DefaultMaxExtensionParams = 16
)

// Limits bound the work and memory one message may cost. A zero field means
// the default.
type Limits struct {
	MaxHeadBytes       int
	MaxFields          int
	MaxListElements    int
	MaxExtensionParams int
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	if l.MaxHeadBytes <= 0 {
		l.MaxHeadBytes = DefaultMaxHeadBytes
	}
	if l.MaxFields <= 0 {
		l.MaxFields = DefaultMaxFields
	}
	if l.MaxListElements <= 0 {
		l.MaxListElements = DefaultMaxListElements
	}
	if l.MaxExtensionParams <= 0 {
		l.MaxExtensionParams = DefaultMaxExtensionParams
	}
	return l
}
