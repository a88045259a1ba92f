package simulations.clients;

/** Where a connection that never joined its namespace stopped, in the order a connection goes through them. */
public enum Stage {
  /** The TCP connection: refused, timed out, no local port or file left on the injector. */
  TCP("tcp"),
  /** The TLS handshake: refused, broken, or not answered in time. */
  TLS("tls"),
  /** The HTTP upgrade to websocket: answered with another status, or not answered. */
  WEBSOCKET("websocket"),
  /** The websocket opened but Engine.IO's open packet {@code 0{"sid":...}} did not come (or the socket closed). */
  OPEN_PACKET("open-packet"),
  /** The namespace connect {@code 40}: refused ({@code 44}) or the socket closed before its answer. */
  NAMESPACE("namespace");

  public final String label;

  Stage(String label) {
    this.label = label;
  }
}
