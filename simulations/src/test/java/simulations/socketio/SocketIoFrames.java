package simulations.socketio;

import java.util.regex.Pattern;

/**
 * The wire frames of one Socket.IO dialect (docs/protocol.md): Engine.IO 4 (Socket.IO v3/v4 servers) or
 * Engine.IO 3 (Socket.IO v2 servers, where the client sends the heartbeat and the server joins the default
 * namespace unasked), a namespace, an optional auth payload, and the event and ack of the seed's ping.
 */
public record SocketIoFrames(int eio, String path, String namespace, String auth, String event, String ack) {

  /** The seed's dialect: Engine.IO 4, default namespace, event {@code ping} acknowledged with {@code pong}. */
  public static final SocketIoFrames SEED = new SocketIoFrames(4, "/socket.io/", "/", null, "ping", "pong");

  /** Any ack payload is accepted when the expected ack is {@code *}. */
  public static final String ANY_ACK = "*";

  /** The websocket URL's path and query. */
  public String connectPath() {
    return path + "?EIO=" + eio + "&transport=websocket";
  }

  /** Engine.IO 3 servers send {@code 40} for the default namespace right after the open packet. */
  public boolean serverJoinsUnasked() {
    return eio == 3 && namespace.equals("/");
  }

  /** The client's namespace connect: {@code 40}, {@code 40/chat,} or {@code 40/chat,{"token":...}}. */
  public String join() {
    return "40" + nsp() + (auth == null ? "" : auth);
  }

  /** The server's answer to it: {@code 40{"sid":...}} (EIO4), or {@code 40} / {@code 40/chat,} (EIO3). */
  public String joinedRegex() {
    return "^40" + Pattern.quote(nsp()) + (eio == 4 ? "\\{" : "$");
  }

  /** Event {@code id} of the seed's ping: {@code 42<nsp><id>["ping"]}. */
  public String event(int id) {
    return "42" + nsp() + id + "[\"" + event + "\"]";
  }

  /** Any ack in this namespace: what the ping waits for (other messages pass by). */
  public String anyAckRegex() {
    return "^43" + Pattern.quote(nsp()) + "\\d+\\[";
  }

  /** The expected ack, capturing its id: {@code 43<nsp><id>["pong"]}. */
  public String ackRegex() {
    String payload = ack.equals(ANY_ACK) ? ".*" : Pattern.quote("\"" + ack + "\"");
    return "^43" + Pattern.quote(nsp()) + "(\\d+)\\[" + payload + "\\]$";
  }

  /** The client's goodbye: {@code 41} or {@code 41/chat,}. */
  public String leave() {
    return "41" + nsp();
  }

  private String nsp() {
    return namespace.equals("/") ? "" : namespace + ",";
  }
}
