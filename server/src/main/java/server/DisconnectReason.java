package server;

/** Why a Socket.IO connection ended, as the server saw it. Only {@link #CLIENT_LEFT} is expected. */
public enum DisconnectReason {
  /** The client sent {@code 41} (or the Engine.IO close {@code 1}), then usually closed the transport. */
  CLIENT_LEFT("client-left"),
  /** The peer closed the websocket or TCP connection without saying {@code 41} first. */
  TRANSPORT_CLOSE("transport-close"),
  /** No pong arrived within pingInterval + pingTimeout. */
  PING_TIMEOUT("ping-timeout"),
  /** The server closed it: a fault, a malformed packet, a frame over the limit. */
  SERVER_CLOSE("server-close"),
  /** The server was stopping (SIGTERM, Ctrl-C) while the connection was open. */
  SERVER_SHUTDOWN("server-shutdown");

  public final String label;

  DisconnectReason(String label) {
    this.label = label;
  }

  public boolean expected() {
    return this == CLIENT_LEFT;
  }
}
