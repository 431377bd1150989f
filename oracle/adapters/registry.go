package adapters

import "github.com/switchyard/switchyard/oracle"

// Servers lists the in-process servers under test: eight implementations,
// the table every run and test reads.
var Servers = []oracle.ServerImpl{
	netHTTP,
	gorillaServer,
	coderServer,
	gobwasServer,
	gobwasHTTPServer,
	xnetServer,
	gwsServer,
	fasthttpServer,
	h2cServer,
}

// Clients lists the in-process clients under test.
var Clients = []oracle.ClientImpl{
	gorillaClient,
	coderClient,
	gobwasClient,
	xnetClient,
	gwsClient,
}
