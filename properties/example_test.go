package properties_test

import (
	"fmt"
	"io"
	"math/rand"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/properties/proptest"
	"github.com/switchyard/switchyard/rules"
)

// A valid handshake, and a mutant of it that breaks one rule.
func Example() {
	e := properties.NewExchange(rand.New(rand.NewSource(1)), properties.WebSocket)
	req := parser.ParseRequest(e.Request.Print())
	fmt.Println("valid:", req.Conforming() && req.Valid(parser.Strict))

	m := mutate.MutatorsFor(rules.RFC6455_4_2_1_6)[0]
	bad := parser.ParseRequest(m.Apply(e).Request.Print())
	fmt.Println(m.Name, "cites", m.Rule+":", bad.Has(m.Rule))
	// Output:
	// valid: true
	// key-missing cites RFC6455-4.2.1-6: true
}

// Cases gives the same list for the same seed: the oracle's input.
func ExampleCases() {
	for _, c := range properties.Cases(42, 5) {
		fmt.Println(c.Name, c.Rule != "")
	}
	// Output:
	// valid/websocket/0000 false
	// valid/h2c/0001 false
	// valid/tls/0002 false
	// RFC9110-5.1-G1/field-name-not-token/0003 true
	// RFC9110-5.6.4-G1/quoted-string-unterminated/0004 true
}

// Using the generator in your own property test: every generated request
// must be accepted by the implementation under test (here the parser).
func ExampleGenExchange() {
	// In a test function, proptest.Check(t, name, 100, prop) does this
	// and reports the shrunk failing handshake with the seed to replay it.
	ps := gopter.NewProperties(proptest.Parameters(100))
	ps.Property("my server accepts every valid handshake", prop.ForAll(
		func(e properties.Exchange) bool {
			return parser.ParseRequest(e.Request.Print()).Valid(parser.Strict)
		}, properties.GenExchange(properties.WebSocket)))
	fmt.Println("passed:", ps.Run(gopter.NewFormatedReporter(false, 80, io.Discard)))
	// Output:
	// passed: true
}
