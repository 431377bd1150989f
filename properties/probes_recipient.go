package properties

// recipientProbes breaks rules by changing the recipient (see KindRecipient).
var recipientProbes = []Probe{}
