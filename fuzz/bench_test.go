//go:build !gofuzz

package fuzz

import (
	"strings"
	"testing"
)

// BenchmarkCheck runs each target's check over the target's seeds, one
// seed per op, a sub-benchmark per target (named without its Fuzz prefix),
// so that a CPU profile shows where a target's time goes:
//
//	go test ./fuzz -run '^$' -bench Check -cpuprofile cpu.prof
func BenchmarkCheck(b *testing.B) {
	one := func(seeds [][]byte, check func([]byte) error) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if err := check(seeds[i%len(seeds)]); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("RequestHead", one(requestSeeds(), CheckRequestHead))
	b.Run("ResponseHead", one(responseSeeds(), CheckResponseHead))
	b.Run("Pair", func(b *testing.B) {
		seeds := pairSeeds()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := seeds[i%len(seeds)]
			if err := CheckPair(p[0], p[1]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RoundTrip", one(append(requestSeeds()[:len(requestSeeds()):len(requestSeeds())], responseSeeds()...), CheckRoundTrip))
	for _, name := range Fields {
		seeds := append(fieldSeeds()[name][:len(fieldSeeds()[name]):len(fieldSeeds()[name])], fieldExtraSeeds(name)...)
		target := strings.ReplaceAll(strings.TrimPrefix(name, "Sec-WebSocket-"), "-", "") // FuzzKey, FuzzHTTP2Settings
		b.Run(target, one(seeds, func(v []byte) error { return CheckField(name, v) }))
	}
	b.Run("StateMachine", one(stateMachineSeeds(), CheckStateMachine))
}
