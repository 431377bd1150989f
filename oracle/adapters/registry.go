package adapters

import "github.com/switchyard/switchyard/oracle"

// Servers lists the in-process servers under test, each implementation in
// each configuration it is tested in: the table every run and test reads.
var Servers = []oracle.ServerImpl{
	gorillaServer,
	coderServer,
	gobwasServer,
	gobwasHTTPServer,
	xnetServer,
	xnetDefaultServer,
	gwsServer,
	gwsServerNoSubprotocols,
	gwsOwnServer,
	gwsOwnServerNoSubprotocol,
	fasthttpServer,
	fiberServer,
	nbioServer,
	h2cServer,
}

// Proxies lists the in-process intermediaries under test, run in proxy
// mode with the scripted backend behind them.
var Proxies = []oracle.ProxyImpl{
	{Name: "httputil.ReverseProxy", Module: "", Start: StartReverseProxy},
	{Name: "goproxy", Module: "github.com/elazarl/goproxy", Start: StartGoproxy},
}

// Clients lists the in-process clients under test, each offering
// subprotocols (and permessage-deflate where it can) and, as "/plain",
// offering neither.
var Clients = []oracle.ClientImpl{
	gorillaClient,
	gorillaClientPlain,
	coderClient,
	coderClientPlain,
	gobwasClient,
	gobwasClientPlain,
	xnetClient,
	xnetClientPlain,
	gwsClient,
	gwsClientPlain,
}
