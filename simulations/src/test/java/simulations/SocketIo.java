package simulations;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Socket.IO steps of one connection, as named chains, speaking the wire protocol of the seed's client
 * (field notes section 2; the frames of each dialect are in {@link SocketIoFrames}). In Gatling's report,
 * {@code connect}, {@code namespace}, {@code ping} and {@code leave} time the client's frames and fail when the
 * connection is already gone (a drop, seen at the next send); the rows ending in {@code : ack} time the
 * server's answers.
 */
public final class SocketIo {

  /** The virtual user's websocket; also how we tell whether it has one open. */
  static final String SOCKET = "socket";
  private static final String LEAVE_AT = "leaveAt";
  private static final String NEXT_PING = "nextPing";
  private static final String NEXT_BEAT = "nextBeat";
  private static final String ACK_ID = "ackId";
  private static final String PING_AT = "pingAt";
  /** The step under way, to name where a connection failed: connect, namespace or ping. */
  private static final String STEP = "step";
  private static final Duration REFILL_AFTER_FAILURE = Duration.ofMillis(100);

  private SocketIo() {}

  /** One protocol for the whole run; with Engine.IO 4, the client answers the server's pings. */
  public static HttpProtocolBuilder protocol(SocketIoFrames frames) {
    HttpProtocolBuilder protocol = http.disableWarmUp(); // its default warm-up request goes to the internet
    // EIO4: the server pings ("2"), the client answers ("3"), also while the user pauses. EIO3: the reverse,
    // done by the hold loop.
    return frames.eio() == 4 ? protocol.wsAutoReplySocketIo4() : protocol;
  }

  /**
   * Opens the websocket and waits for the Engine.IO open packet {@code 0{"sid":...}} (and, on an Engine.IO 3
   * server, for the {@code 40} it sends unasked). The URL is read per connection because the embedded
   * server's port is known only once before() has started it.
   */
  public static ChainBuilder connect(Supplier<URI> server, ChurnConfig config) {
    SocketIoFrames frames = config.frames;
    WsConnectActionBuilder connect = ws("connect", SOCKET).connect(session -> server.get() + frames.connectPath())
        .headers(config.headers);
    WsFrameCheck.Text openPacket = ws.checkTextMessage("connect: open packet").check(regex("^0\\{"));
    return exec(frames.serverJoinsUnasked()
        ? connect.await(config.connectTimeout).on(openPacket,
            ws.checkTextMessage("namespace: ack").check(regex(frames.joinedRegex())))
        : connect.await(config.connectTimeout).on(openPacket));
  }

  /** Joins the namespace: {@code 40} answered by {@code 40{"sid":...}} (or {@code 44}, a refusal). */
  public static ChainBuilder joinNamespace(ChurnConfig config) {
    SocketIoFrames frames = config.frames;
    if (frames.serverJoinsUnasked()) {
      return exec(session -> session); // done by connect
    }
    return exec(ws("namespace", SOCKET).sendText(frames.join())
        .await(config.ackTimeout).on(ws.checkTextMessage("namespace: ack").matching(regex("^4[04]"))
            .check(regex(frames.joinedRegex()))));
  }

  /** The seed's ping: the event with an ack id, answered by the ack {@code 43<id>["pong"]}. */
  public static ChainBuilder ping(ChurnConfig config, LiveTally tally) {
    SocketIoFrames frames = config.frames;
    return exec(session -> session.set(ACK_ID, session.getInt(ACK_ID) + 1).set(STEP, "ping").set(PING_AT, System.nanoTime()))
        .exec(ws("ping", SOCKET).sendText(session -> frames.event(session.getInt(ACK_ID)))
            .await(config.ackTimeout).on(ws.checkTextMessage("ping: ack").matching(regex(frames.anyAckRegex()))
                .check(regex(frames.ackRegex()).isEL("#{" + ACK_ID + "}"))))
        .exec(session -> {
          tally.ack(System.nanoTime() - session.getLong(PING_AT));
          return session;
        });
  }

  /** Engine.IO 3: the client's heartbeat {@code 2}, answered by {@code 3}. */
  public static ChainBuilder heartbeat(ChurnConfig config) {
    return exec(ws("heartbeat", SOCKET).sendText("2")
        .await(config.ackTimeout).on(ws.checkTextMessage("heartbeat: ack").matching(regex("^3")).check(regex("^3$"))));
  }

  /**
   * Holds the connection until its leave time, pinging every {@code ping} (each ping also probes for a drop)
   * and, on Engine.IO 3, sending the heartbeat every {@code heartbeat}.
   */
  public static ChainBuilder hold(ChurnConfig config, LiveTally tally) {
    long pingMillis = config.ping.toMillis();
    long beatMillis = config.frames.eio() == 3 ? config.heartbeat.toMillis() : Long.MAX_VALUE / 4;
    return exec(session -> session
            .set(NEXT_PING, System.currentTimeMillis() + pingMillis)
            .set(NEXT_BEAT, System.currentTimeMillis() + beatMillis))
        .asLongAs(session -> untilLeave(session) > 0).on(
            pause(session -> Duration.ofMillis(Math.max(0, Math.min(untilLeave(session),
                Math.min(session.getLong(NEXT_PING), session.getLong(NEXT_BEAT)) - System.currentTimeMillis())))),
            doIf(session -> untilLeave(session) > 0 && System.currentTimeMillis() >= session.getLong(NEXT_BEAT)).then(
                exec(session -> session.set(NEXT_BEAT, session.getLong(NEXT_BEAT) + beatMillis)),
                heartbeat(config)),
            doIf(session -> untilLeave(session) > 0 && System.currentTimeMillis() >= session.getLong(NEXT_PING)).then(
                exec(session -> session.set(NEXT_PING, session.getLong(NEXT_PING) + pingMillis)),
                ping(config, tally)));
  }

  /** Says goodbye ({@code 41}), then closes the websocket: the expected end of every lifetime. */
  public static ChainBuilder leave(SocketIoFrames frames) {
    return exec(ws("leave", SOCKET).sendText(frames.leave())).exec(ws("close", SOCKET).close());
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
        .doIfOrElse(session -> untilLeave(session) <= 0)
        // the run is over but Gatling's injection has a few ms to go: refill with nothing, not with a
        // connection that would leave at once
        .then(pause(REFILL_AFTER_FAILURE))
        .orElse(living(config, server, tally));
  }

  private static ChainBuilder living(ChurnConfig config, Supplier<URI> server, LiveTally tally) {
    return exec(session -> session)
        .exitBlockOnFail().on(
            connect(server, config),
            exec(session -> session.set(STEP, "namespace")),
            joinNamespace(config),
            hold(config, tally))
        .doIfOrElse(Session::isFailed)
        .then(
            exec(session -> {
              tally.failed(session.getString(STEP));
              return session;
            }),
            doIf(session -> session.contains(SOCKET)).then(exec(ws("close after failure", SOCKET).close())),
            // the seed's client refilled failed slots on its next 100 ms tick: no hot loop on a dead server
            pause(REFILL_AFTER_FAILURE))
        .orElse(leave(config.frames));
  }

  private static long untilLeave(Session session) {
    return session.getLong(LEAVE_AT) - System.currentTimeMillis();
  }
}
