package server;

/** Where a connection that never became a Socket.IO connection stopped. */
public enum HandshakeStage {
  /** TLS: not TLS at all, a protocol or cipher refused, or a handshake that stopped halfway. */
  TLS("tls"),
  /** HTTP upgrade to websocket, or the Engine.IO handshake: never completed, malformed, or refused. */
  WEBSOCKET("websocket");

  public final String label;

  HandshakeStage(String label) {
    this.label = label;
  }
}
