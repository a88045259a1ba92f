package simulations.socketio;

/**
 * The names of the Gatling requests of one connection, in one place: as they appear in Gatling's report, and as
 * the client counts name the request where a drop, a late or a wrong answer was seen. Rows without ": ack" time
 * the client's own frames (about 0 ms); the others time the server's answers.
 */
public final class Requests {

  /** The websocket upgrade. */
  public static final String CONNECT = "connect";
  /** Engine.IO's open packet {@code 0{"sid":...}} after the upgrade. */
  public static final String OPEN_PACKET = "connect: open packet";
  /** The namespace connect {@code 40}, and its answer. */
  public static final String NAMESPACE = "namespace";
  public static final String NAMESPACE_ACK = "namespace: ack";
  /** The seed's ping event, and its ack. */
  public static final String PING = "ping";
  public static final String PING_ACK = "ping: ack";
  /** Engine.IO 3 only: the client's heartbeat {@code 2}, and the server's {@code 3}. */
  public static final String HEARTBEAT = "heartbeat";
  public static final String HEARTBEAT_ACK = "heartbeat: ack";
  /**
   * The quiet wait between frames, on a check that matches nothing (silent: not in Gatling's report): it ends at
   * once when the socket closes, and a drop found there is named after it.
   */
  public static final String HOLD = "hold";
  /** The goodbye {@code 41} at the end of a lifetime, and the websocket close after it. */
  public static final String LEAVE = "leave";
  public static final String CLOSE = "close";
  /** The goodbye after a late or wrong answer (a KO here: the connection was gone), and the close after any failure. */
  public static final String LEAVE_AFTER_FAILURE = "leave after failure";
  public static final String CLOSE_AFTER_FAILURE = "close after failure";

  private Requests() {}
}
