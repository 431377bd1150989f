module github.com/switchyard/switchyard

go 1.26.0

require (
	github.com/coder/websocket v1.8.14 // indirect
	github.com/dolthub/maphash v0.1.0 // indirect
	github.com/gobwas/httphead v0.1.0 // indirect
	github.com/gobwas/pool v0.2.1 // indirect
	github.com/gobwas/ws v1.4.0 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/klauspost/compress v1.17.9 // indirect
	github.com/leanovate/gopter v0.2.11 // indirect
	github.com/lxzan/gws v1.8.9 // indirect
	golang.org/x/net v0.62.0 // indirect
)
