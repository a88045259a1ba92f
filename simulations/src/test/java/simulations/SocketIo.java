package simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Socket.IO v4 steps of one connection, as named chains, speaking the wire protocol of the seed's client
 * (field notes section 2). In Gatling's report, {@code connect}, {@code namespace}, {@code ping} and
 * {@code leave} time the client's frames and fail when the connection is already gone (a drop seen at the
 * next send); the rows ending in {@code : ack} time the server's answers.
 */
public final class SocketIo {

  /** The virtual user's websocket; also how we tell whether it has one open. */
  static final String SOCKET = "socket";
  private static final String LEAVE_AT = "leaveAt";
  private static final String ACK_ID = "ackId";
  private static final String PING_AT = "pingAt";
  /** The step under way, to name where a connection failed: connect, namespace or ping. */
  private static final String STEP = "step";
  private static final Duration REFILL_AFTER_FAILURE = Duration.ofMillis(100);

  private SocketIo() {}

  /** One protocol for the whole run: the Engine.IO v4 pong to each server ping. */
  public static HttpProtocolBuilder protocol() {
    return http
        .wsAutoReplySocketIo4() // answers the server's "2" with "3", also while the user pauses
        .disableWarmUp(); // its default warm-up request goes to the internet
  }

  /**
   * Opens the websocket and waits for the Engine.IO open packet {@code 0{"sid":...}}. The server's URL is read
   * per connection because the embedded server's port is known only once before() has started it.
   */
  public static ChainBuilder connect(Supplier<URI> server, Duration timeout) {
    return exec(ws("connect", SOCKET).connect(session -> server.get() + "/socket.io/?EIO=4&transport=websocket")
        .await(timeout).on(ws.checkTextMessage("connect: open packet").check(regex("^0\\{"))));
  }

  /** Joins the default namespace: {@code 40} answered by {@code 40{"sid":...}} (or {@code 44}, a refusal). */
  public static ChainBuilder joinNamespace(Duration timeout) {
    return exec(ws("namespace", SOCKET).sendText("40")
        .await(timeout).on(ws.checkTextMessage("namespace: ack").matching(regex("^4[04]")).check(regex("^40\\{"))));
  }

  /** The seed's ping: event {@code ping} with an ack id, answered by the ack {@code 43<id>["pong"]}. */
  public static ChainBuilder ping(Duration timeout, LiveTally tally) {
    return exec(session -> session.set(ACK_ID, session.getInt(ACK_ID) + 1).set(STEP, "ping").set(PING_AT, System.nanoTime()))
        .exec(ws("ping", SOCKET).sendText(session -> "42" + session.getInt(ACK_ID) + "[\"ping\"]")
            .await(timeout).on(ws.checkTextMessage("ping: ack").matching(regex("^43\\d+\\["))
                .check(regex("^43(\\d+)\\[\"pong\"\\]$").isEL("#{" + ACK_ID + "}"))))
        .exec(session -> {
          if (!session.isFailed()) {
            tally.ack(System.nanoTime() - session.getLong(PING_AT));
          }
          return session;
        });
  }

  /** Holds the connection until its leave time, pinging every {@code interval}: each ping also probes for a drop. */
  public static ChainBuilder hold(Duration interval, Duration ackTimeout, LiveTally tally) {
    return asLongAs(session -> untilLeave(session) > 0).on(
            pause(session -> Duration.ofMillis(Math.min(interval.toMillis(), untilLeave(session)))),
            doIf(session -> untilLeave(session) > 0).then(ping(ackTimeout, tally)));
  }

  /** Says goodbye ({@code 41}), then closes the websocket: the expected end of every lifetime. */
  public static ChainBuilder leave() {
    return exec(ws("leave", SOCKET).sendText("41")).exec(ws("close", SOCKET).close());
  }

  /**
   * One connection's life: connect, join, hold and ping until its lifetime ends (or the run does, whichever
   * comes first), then leave. After any KO it closes what is left, without a goodbye, and ends: the closed
   * injection model replaces it, as the seed's client refilled its pending slots (at once after a leave,
   * 100 ms after a failure).
   */
  public static ChainBuilder lifetime(ChurnConfig config, Supplier<URI> server, LongSupplier runEndsAt, LiveTally tally) {
    return exec(session -> session
            .set(LEAVE_AT, Math.min(System.currentTimeMillis() + config.lifetime.toMillis(), runEndsAt.getAsLong()))
            .set(ACK_ID, 0)
            .set(STEP, "connect"))
        .exitBlockOnFail().on(
            connect(server, config.connectTimeout),
            exec(session -> session.set(STEP, "namespace")),
            joinNamespace(config.ackTimeout),
            hold(config.ping, config.ackTimeout, tally))
        .doIfOrElse(Session::isFailed)
        .then(
            exec(session -> {
              tally.failed(session.getString(STEP));
              return session;
            }),
            doIf(session -> session.contains(SOCKET)).then(exec(ws("close after failure", SOCKET).close())),
            // the seed's client refilled failed slots on its next 100 ms tick: no hot loop on a dead server
            pause(REFILL_AFTER_FAILURE))
        .orElse(leave());
  }

  private static long untilLeave(Session session) {
    return session.getLong(LEAVE_AT) - System.currentTimeMillis();
  }
}
