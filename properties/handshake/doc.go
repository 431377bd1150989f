// Package handshake is the model of the handshakes the property packages
// generate, mutate and probe: an [Exchange] of a request and the 101 that
// answers it, each a [Message] of a start-line and ordered field lines,
// and [NewExchange], which builds valid ones in their legal variety from a
// math/rand source. Package properties (generators, shrinking, Cases),
// properties/mutate and properties/probe all build on it; it imports
// neither, so that each of them can import it.
package handshake
