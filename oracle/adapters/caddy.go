//go:build caddy

package adapters

import (
	"fmt"
	"net"
	"sync"

	"github.com/caddyserver/caddy/v2"
	// The modules the configuration below names: the http app and its
	// reverse_proxy handler with the http transport.
	_ "github.com/caddyserver/caddy/v2/modules/caddyhttp"
	_ "github.com/caddyserver/caddy/v2/modules/caddyhttp/reverseproxy"
)

// caddyMu serialises the caddy instances of this process: caddy.Load
// replaces the process's one running configuration, so only one
// StartCaddy proxy runs at a time (a second Start waits for the first
// one's stop).
var caddyMu sync.Mutex

// caddyConfig is caddy's native JSON configuration (caddy docs, "JSON
// Config Structure": apps.http.servers, and the reverse_proxy handler's
// upstreams and http transport) for one server on 127.0.0.1:PORT whose
// only route proxies every request to the backend. The admin endpoint,
// config persistence, logs and automatic HTTPS are off; keep-alive to
// the backend is off because the scripted backend serves one request per
// connection, as for httputil.ReverseProxy.
const caddyConfig = `{
 "admin": {"disabled": true, "config": {"persist": false}},
 "logging": {"logs": {"default": {"writer": {"output": "discard"}}}},
 "apps": {"http": {"servers": {"switchyard": {
  "listen": ["127.0.0.1:%d"],
  "automatic_https": {"disable": true},
  "routes": [{"handle": [{
   "handler": "reverse_proxy",
   "upstreams": [{"dial": %q}],
   "transport": {"protocol": "http", "keep_alive": {"enabled": false}}
  }]}]
 }}}}
}`

// StartCaddy starts caddy (github.com/caddyserver/caddy/v2) in process
// through its own entry point, caddy.Load of a JSON configuration, with
// the reverse_proxy handler forwarding to http://backend (caddyConfig).
// Its upgrade handling (a 101 from the backend switches protocols and
// tunnels) is reverse_proxy's own. The port is one the kernel chose for a
// listener closed just before caddy binds it. It returns the proxy's
// address and a function that stops caddy (caddy.Stop).
func StartCaddy(backend string) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	caddyMu.Lock()
	if err := caddy.Load(fmt.Appendf(nil, caddyConfig, port, backend), true); err != nil {
		caddyMu.Unlock()
		return "", nil, fmt.Errorf("caddy: %w", err)
	}
	var once sync.Once
	return fmt.Sprintf("127.0.0.1:%d", port), func() {
		once.Do(func() {
			caddy.Stop()
			caddyMu.Unlock()
		})
	}, nil
}
