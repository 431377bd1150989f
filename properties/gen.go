package properties

import (
	"encoding/base64"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
)

// GenExchange returns a gopter generator of valid exchanges of the given
// upgrades (all three when none is given), drawn with NewExchange from the
// generator's random source and shrunk with ShrinkExchange.
func GenExchange(upgrades ...Upgrade) gopter.Gen {
	if len(upgrades) == 0 {
		upgrades = []Upgrade{WebSocket, H2C, TLS}
	}
	return func(p *gopter.GenParameters) *gopter.GenResult {
		u := upgrades[p.Rng.Intn(len(upgrades))]
		return gopter.NewGenResult(NewExchange(p.Rng, u), ShrinkExchange)
	}
}

// GenKey returns a generator of strict Sec-WebSocket-Key values: 16
// octets in base64 (RFC 6455 §4.1). It is derived with gopter.DeriveGen
// from the 16 octets, so a failing key shrinks octet by octet.
func GenKey() gopter.Gen {
	return gopter.DeriveGen(
		func(b []byte) string { return base64.StdEncoding.EncodeToString(b) },
		func(s string) []byte { b, _ := base64.StdEncoding.DecodeString(s); return b },
		gen.SliceOfN(16, gen.UInt8()).WithShrinker(fixedLenShrinker),
	).WithLabel("Sec-WebSocket-Key")
}

// fixedLenShrinker shrinks a byte slice toward zeros, keeping its length.
func fixedLenShrinker(v interface{}) gopter.Shrink {
	b := v.([]byte)
	i := 0
	return func() (interface{}, bool) {
		for i < len(b) && b[i] == 0 {
			i++
		}
		if i >= len(b) {
			return nil, false
		}
		c := append([]byte(nil), b...)
		c[i] = 0
		i++
		return c, true
	}
}
