// Command goclients opens one WebSocket connection with a real Go client library
// and reports the outcome, for scripts/peers/client.sh and scripts/capture.
//
//	goclients -lib gorilla|coder|gobwas|xnet|gws -url ws://127.0.0.1:PORT/path
//	          [-protocols a,b] [-deflate default|on|off]
//	goclients -versions
//
// It prints exactly one line, "open" or "error: <reason>", closes the
// connection politely (close frame 1000) and exits 0. The whole run is bounded
// by -timeout. -versions prints "module version" for each library, read from
// the build information of this binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	coder "github.com/coder/websocket"
	"github.com/gobwas/httphead"
	gobwas "github.com/gobwas/ws"
	"github.com/gobwas/ws/wsflate"
	gorilla "github.com/gorilla/websocket"
	"github.com/lxzan/gws"
	xnet "golang.org/x/net/websocket"
)

// libModules maps each -lib name to the module that implements it.
var libModules = map[string]string{
	"gorilla": "github.com/gorilla/websocket",
	"coder":   "github.com/coder/websocket",
	"gobwas":  "github.com/gobwas/ws",
	"xnet":    "golang.org/x/net",
	"gws":     "github.com/lxzan/gws",
}

func main() {
	lib := flag.String("lib", "", "client library: gorilla, coder, gobwas, xnet or gws")
	url := flag.String("url", "", "ws:// URL to dial")
	protocols := flag.String("protocols", "", "comma-separated subprotocols to offer, in order")
	deflate := flag.String("deflate", "default", "permessage-deflate offer: default (library default), on or off")
	timeout := flag.Duration("timeout", 8*time.Second, "bound on the whole run")
	versions := flag.Bool("versions", false, "print the library module versions and exit")
	flag.Parse()

	if *versions {
		printVersions()
		return
	}
	if _, ok := libModules[*lib]; !ok || *url == "" {
		fmt.Fprintln(os.Stderr, "usage: goclients -lib gorilla|coder|gobwas|xnet|gws -url URL [-protocols a,b] [-deflate default|on|off]")
		os.Exit(2)
	}
	var protos []string
	if *protocols != "" {
		protos = strings.Split(*protocols, ",")
	}
	// Belt and braces: a library without its own deadlines cannot hang us.
	time.AfterFunc(*timeout+2*time.Second, func() {
		fmt.Println("error: timeout")
		os.Exit(0)
	})
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := dial(ctx, *lib, *url, protos, *deflate, *timeout); err != nil {
		fmt.Println("error: " + strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	fmt.Println("open")
}

func printVersions() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(os.Stderr, "no build info")
		os.Exit(1)
	}
	for _, d := range info.Deps {
		for _, m := range libModules {
			if d.Path == m {
				fmt.Println(d.Path, d.Version)
			}
		}
	}
}

// dial performs the opening handshake with the chosen library and then the
// closing handshake (or at least sends a close frame).
func dial(ctx context.Context, lib, url string, protos []string, deflate string, timeout time.Duration) error {
	switch lib {
	case "gorilla":
		d := gorilla.Dialer{HandshakeTimeout: timeout, Subprotocols: protos, EnableCompression: deflate == "on"}
		c, _, err := d.DialContext(ctx, url, nil)
		if err != nil {
			return err
		}
		defer c.Close()
		msg := gorilla.FormatCloseMessage(gorilla.CloseNormalClosure, "")
		_ = c.WriteControl(gorilla.CloseMessage, msg, time.Now().Add(time.Second))
		return nil

	case "coder":
		opts := &coder.DialOptions{Subprotocols: protos}
		switch deflate {
		case "on":
			opts.CompressionMode = coder.CompressionContextTakeover
		case "off":
			opts.CompressionMode = coder.CompressionDisabled
		}
		c, _, err := coder.Dial(ctx, url, opts)
		if err != nil {
			return err
		}
		_ = c.Close(coder.StatusNormalClosure, "")
		return nil

	case "gobwas":
		d := gobwas.Dialer{Protocols: protos, Timeout: timeout}
		if deflate == "on" {
			d.Extensions = []httphead.Option{wsflate.DefaultParameters.Option()}
		}
		conn, _, _, err := d.Dial(ctx, url)
		if err != nil {
			return err
		}
		defer conn.Close()
		_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
		body := gobwas.NewCloseFrameBody(gobwas.StatusNormalClosure, "")
		return gobwas.WriteFrame(conn, gobwas.MaskFrameInPlace(gobwas.NewCloseFrame(body)))

	case "xnet":
		if deflate == "on" {
			return errors.New("golang.org/x/net/websocket does not support permessage-deflate")
		}
		cfg, err := xnet.NewConfig(url, "http://127.0.0.1/")
		if err != nil {
			return err
		}
		cfg.Protocol = protos
		cfg.Dialer = &net.Dialer{Timeout: timeout}
		c, err := cfg.DialContext(ctx)
		if err != nil {
			return err
		}
		return c.Close()

	case "gws":
		opt := &gws.ClientOption{Addr: url, HandshakeTimeout: timeout}
		if len(protos) > 0 {
			opt.RequestHeader = http.Header{"Sec-WebSocket-Protocol": {strings.Join(protos, ", ")}}
		}
		if deflate == "on" {
			opt.PermessageDeflate = gws.PermessageDeflate{Enabled: true}
		}
		c, _, err := gws.NewClient(gws.BuiltinEventHandler{}, opt)
		if err != nil {
			return err
		}
		defer c.NetConn().Close()
		return c.WriteClose(1000, nil)
	}
	return fmt.Errorf("unknown library %q", lib)
}
