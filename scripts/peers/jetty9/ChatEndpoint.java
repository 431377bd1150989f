// The jetty9 peer's WebSocket endpoint: an annotated javax.websocket
// (JSR-356) echo endpoint at /chat, as in the Jetty 9.4 documentation,
// chapter "Java Websocket API" ("Using the Java WebSocket API": an
// @ServerEndpoint class with an @OnMessage method, deployed in a web
// application with the websocket module enabled). The subprotocols chat
// and superchat are the ones Switchyard's preflight offers.
import javax.websocket.OnMessage;
import javax.websocket.server.ServerEndpoint;

@ServerEndpoint(value = "/chat", subprotocols = {"chat", "superchat"})
public class ChatEndpoint {
	@OnMessage
	public String onMessage(String message) {
		return message; // echo
	}
}
