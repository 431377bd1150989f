package properties

// forwardProbes breaks rules by changing the forward (see KindForward).
var forwardProbes = []Probe{}
