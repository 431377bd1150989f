package properties

// exchangeProbes breaks rules by changing the exchange (see KindExchange).
var exchangeProbes = []Probe{}
