package adapters

// racy names the implementations whose own code has a data race the race
// detector reports, with where it is: a race build leaves them out of the
// registry (raceBuild). Without the detector they run as usual.
var racy = map[string]string{
	"nbio": "lesismal/nbio v1.6.8: nbhttp.Engine.listen writes a connection's remote address (engine.go:340) while its poller reads it in ServerProcessor.OnComplete (processor.go:230)",
}

// omitted holds the implementations a race build left out, with why.
var omitted = map[string]string{}

// Omitted returns the implementations this build leaves out of Servers,
// with the reason: those whose own code races, in a build with the race
// detector; none otherwise.
func Omitted() map[string]string { return omitted }

func init() {
	if raceBuild {
		omitRacy()
	}
}

// omitRacy removes the racy implementations from Servers.
func omitRacy() {
	kept := Servers[:0]
	for _, s := range Servers {
		if why, ok := racy[s.Name]; ok {
			omitted[s.Name] = why
			continue
		}
		kept = append(kept, s)
	}
	Servers = kept
}
