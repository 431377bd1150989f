package adapters

import (
	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/switchyard/switchyard/oracle"
)

// fiberServer is Fiber's WebSocket stack as its documentation sets it
// up: gofiber/contrib/websocket's handler (fasthttp/websocket's upgrader
// inside) on a Fiber v2 app behind the documented IsWebSocketUpgrade
// middleware, which answers anything else 426 Upgrade Required; the app
// serves a listener fed the oracle's connections (App.Listener), so
// fasthttp's Server reads every request first.
var fiberServer = oracle.ServerImpl{
	Name:     "fiber",
	Module:   "github.com/gofiber/contrib/websocket",
	Protocol: "websocket",
	Layer:    fasthttpLayer,
	Start: func() oracle.Server {
		app := fiber.New(fiber.Config{DisableStartupMessage: true})
		// fasthttp's Server calls Fiber's handler for every request it
		// has read: the connection is then marked reached.
		fiberHandler := app.Server().Handler
		app.Server().Handler = func(ctx *fasthttp.RequestCtx) {
			markFastHTTPReached(ctx)
			fiberHandler(ctx)
		}
		app.Use(func(c *fiber.Ctx) error {
			if websocket.IsWebSocketUpgrade(c) {
				return c.Next()
			}
			return fiber.ErrUpgradeRequired
		})
		app.Get("/*", websocket.New(func(c *websocket.Conn) { c.Close() }, websocket.Config{
			Subprotocols:      subprotocols,
			EnableCompression: true,
		}))
		ln := newPipeListener()
		go app.Listener(ln)
		return fiberApp{app: app, ln: ln}
	},
}

// fiberApp is a running Fiber app serving a pipeListener.
type fiberApp struct {
	app *fiber.App
	ln  *pipeListener
}

func (f fiberApp) Serve(c *oracle.PeerConn) { f.ln.Serve(c) }
func (f fiberApp) Close()                   { f.ln.Close(); f.app.Shutdown() }
