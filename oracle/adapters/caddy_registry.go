//go:build caddy

package adapters

import "github.com/switchyard/switchyard/oracle"

// With the caddy build tag the registry also runs caddy's reverse_proxy
// (StartCaddy). It is behind a tag because caddy's module graph is far
// larger than the rest of the project's (docs/peers.md, "caddy in
// process").
func init() {
	Proxies = append(Proxies, oracle.ProxyImpl{Name: "caddy.reverse_proxy", Module: "github.com/caddyserver/caddy/v2", Start: StartCaddy})
}
