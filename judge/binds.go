package judge

import (
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// Binds reports whether rule id can bind an implementation playing side:
// the catalogue's subject of the rule ("server", "client", "sender",
// "recipient", "proxy", ...) names that role, or a role every side plays
// (sender, recipient, endpoint). A rule with no subject — a grammar
// production, a definition, one of Switchyard's policy decisions — binds
// whoever generated or judged the octets. It is the check behind
// principle 1 of docs/judging.md: a finding must cite a rule of the blamed
// side's own role.
func Binds(id rules.ID, side Side) bool {
	r, ok := rules.Lookup(id)
	if !ok {
		return false
	}
	subject := strings.ToLower(r.Subject)
	if subject == "" || r.Level == rules.Policy {
		return true
	}
	for _, every := range []string{"sender", "recipient", "endpoint", "both"} {
		if strings.Contains(subject, every) {
			return true
		}
	}
	switch side {
	case Server:
		return strings.Contains(subject, "server")
	case Client:
		return strings.Contains(subject, "client") || subject == "ua"
	case Proxy:
		// RFC 9110 §3.7: an intermediary is a server to its client and a
		// client to the server it forwards to.
		for _, role := range []string{"proxy", "intermediary", "gateway", "server", "client"} {
			if strings.Contains(subject, role) {
				return true
			}
		}
		return false
	}
	return false
}
