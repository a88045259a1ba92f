package simulations.socketio;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import simulations.ChurnConfig;
import simulations.Reconnect;
import simulations.clients.ClientTally;
import simulations.clients.Stage;

/**
 * The Socket.IO steps of one connection, as named chains, speaking the wire protocol of the seed's client
 * (docs/protocol.md; the frames of each dialect are in {@link SocketIoFrames}, the request names in
 * {@link Requests}). Each step tells the {@link ClientTally} what happened to it: Gatling's session only says
 * that a step failed, so the steps tell why. An answer that did not come within its timeout is a late answer:
 * the client gives up and leaves with {@code 41}, so the server counts a client leaving. A failure sooner than
 * the timeout is tried once more with that {@code 41}: if it goes out, the answer was a wrong one; if it does
 * not, the connection was gone: a drop.
 *
 * <p>Between its frames a connection waits on a check that never matches rather than in a pause: Gatling does
 * not tell a pausing user that its socket closed, but it ends a wait on a check at once when the socket closes.
 * So a drop is found when it happens, as a browser's socket.io-client finds it, not at the next ping.
 */
public final class SocketIo {

  /** The virtual user's websocket. */
  private static final String SOCKET = "socket";
  private static final String LEAVE_AT = "leaveAt";
  private static final String NEXT_PING = "nextPing";
  private static final String NEXT_BEAT = "nextBeat";
  private static final String ACK_ID = "ackId";
  private static final String SENT_AT = "sentAt";
  /** When the answer came (System.nanoTime()), saved by its check: the action itself ends after the quiet wait. */
  private static final String ANSWERED_AT = "answeredAt";
  /** Until when the connection waits quietly after its frame's answer: a wait that ends sooner was cut. */
  private static final String QUIET_UNTIL = "quietUntil";
  private static final String UPGRADED = "upgraded";
  private static final String HELD = "held";
  /** How the lifetime goes on: alive until set; see {@link Outcome}. */
  private static final String OUTCOME = "outcome";
  /** The request whose failure ended the lifetime, to name it in the counts. */
  private static final String FAILED_AT = "failedAt";
  /** Whether the connection comes back (backoff): after a drop or a failed connect, until its lifetime ends. */
  private static final String COME_BACK = "comeBack";
  /** Reconnect attempts since the connection was last joined: the backoff's exponent. */
  private static final String ATTEMPT = "attempt";
  private static final String RECONNECTING = "reconnecting";
  private static final Duration REFILL_AFTER_FAILURE = Duration.ofMillis(100);
  /** A quiet wait that ends this much before its time was cut by the socket closing. */
  private static final long CUT_SHORT_MILLIS = 50;
  /** Matches no message: the quiet wait is for the socket closing, nothing else. */
  private static final String NOTHING = "(?!)";

  /** What ended a lifetime early, and so what is left to do. */
  private enum Outcome {
    /** Not answered in time: leave politely with 41, count a late answer. */
    LATE,
    /** Failed sooner: try 41; a drop if it cannot be sent, else a wrong answer. */
    PROBE,
    /** A connect that failed, counted already: close what is left. */
    FAILED_CONNECT
  }

  private SocketIo() {}

  /** One protocol for the whole run; with Engine.IO 4, the client answers the server's pings. */
  public static HttpProtocolBuilder protocol(SocketIoFrames frames) {
    HttpProtocolBuilder protocol = http.disableWarmUp(); // its default warm-up request goes to the internet
    // EIO4: the server pings ("2"), the client answers ("3"), also while the user waits. EIO3: the reverse,
    // done by the hold loop.
    return frames.eio() == 4 ? protocol.wsAutoReplySocketIo4() : protocol;
  }

  /**
   * One connection's life: connect, join, hold and ping until its lifetime ends (or the run does, whichever
   * comes first), then leave. A lifetime that fails ends early, counted by why; then, by {@code -Dreconnect}:
   * its slot is refilled 100 ms later as the seed's client did (the closed injection model replaces it), it
   * comes back itself with socket.io-client's backoff and keeps its lifetime, or it stays down.
   */
  public static ChainBuilder lifetime(ChurnConfig config, Supplier<URI> server, LongSupplier runEndsAt, ClientTally tally) {
    return exec(session -> session
            .set(LEAVE_AT, Math.min(System.currentTimeMillis() + config.lifetime.toMillis(), runEndsAt.getAsLong()))
            .set(ACK_ID, 0)
            .set(ATTEMPT, 0)
            .set(RECONNECTING, false)
            .set(COME_BACK, true))
        .doIfOrElse(session -> untilLeave(session) <= 0)
        // the run is over but Gatling's injection has a few ms to go: refill with nothing, not with a
        // connection that would leave at once
        .then(pause(REFILL_AFTER_FAILURE))
        .orElse(asLongAs(session -> session.getBoolean(COME_BACK) && untilLeave(session) > 0).on(
            // a close after a failure marks the session failed: each attempt starts clean
            exec(session -> session.markAsSucceeded().set(HELD, false).set(UPGRADED, false).set(COME_BACK, false)
                .remove(OUTCOME)),
            connect(server, config, tally),
            doIf(SocketIo::alive).then(joinNamespace(config, tally)),
            doIf(SocketIo::alive).then(hold(config, tally)),
            doIf(SocketIo::alive).then(leave(config, tally)),
            doIf(session -> !alive(session)).then(endEarly(config, runEndsAt, tally))));
  }

  /**
   * Opens the websocket and waits for the Engine.IO open packet {@code 0{"sid":...}} (and, on an Engine.IO 3
   * server, for the {@code 40} it sends unasked, then quietly until its first ping). The URL is read per
   * connection because the embedded server's port is known only once before() has started it.
   */
  private static ChainBuilder connect(Supplier<URI> server, ChurnConfig config, ClientTally tally) {
    SocketIoFrames frames = config.frames;
    WsConnectActionBuilder connect = ws(Requests.CONNECT, SOCKET)
        .connect(session -> server.get() + frames.connectPath())
        .headers(config.headers)
        // runs once the upgrade is answered with 101, whether the open packet then comes or not
        .onConnected(exec(session -> session.set(UPGRADED, true)));
    WsFrameCheck.Text openPacket = ws.checkTextMessage(Requests.OPEN_PACKET).check(regex("^0\\{"));
    return exec(session -> {
          tally.lifetimeStarted();
          if (session.getBoolean(RECONNECTING)) {
            tally.reconnectAttempted();
          }
          tally.waiting(session.userId(), Requests.CONNECT, config.connectTimeout);
          Session due = firstDue(session.remove(ANSWERED_AT).set(SENT_AT, System.nanoTime()), config);
          return due.set(QUIET_UNTIL, Math.min(due.getLong(LEAVE_AT), nextDue(due)));
        })
        .exec(frames.serverJoinsUnasked()
            ? connect.await(config.connectTimeout).on(openPacket,
                ws.checkTextMessage(Requests.NAMESPACE_ACK).check(joinedNow(frames, tally)))
                .await(SocketIo::quietWait).on(quiet())
            : connect.await(config.connectTimeout).on(openPacket))
        .exec(session -> {
          tally.answered(session.userId());
          if (!session.isFailed()) {
            tally.opened(frames.serverJoinsUnasked() ? answerTime(session) : sinceSent(session));
            if (frames.serverJoinsUnasked()) {
              return joined(session, tally);
            }
            return session;
          }
          if (session.getBoolean(RECONNECTING)) {
            tally.reconnectFailed();
          }
          if (session.getBoolean(UPGRADED)) {
            tally.failedToJoin(Stage.OPEN_PACKET);
          } else {
            tally.failedToOpen(); // TCP, TLS or the upgrade: Gatling's own log line says which
          }
          return session.markAsSucceeded().set(OUTCOME, Outcome.FAILED_CONNECT).set(COME_BACK, true);
        })
        .exec(session -> frames.serverJoinsUnasked() && alive(session) ? cutShort(session) : session);
  }

  /**
   * Joins the namespace: {@code 40} answered by {@code 40{"sid":...}} (or {@code 44}, a refusal), then waits
   * quietly until its first ping.
   */
  private static ChainBuilder joinNamespace(ChurnConfig config, ClientTally tally) {
    SocketIoFrames frames = config.frames;
    if (frames.serverJoinsUnasked()) {
      return exec(session -> session); // done by connect
    }
    return awaiting(Requests.NAMESPACE_ACK, config.ackTimeout, tally)
        .exec(ws(Requests.NAMESPACE, SOCKET).sendText(frames.join())
            .await(config.ackTimeout).on(ws.checkTextMessage(Requests.NAMESPACE_ACK).matching(regex("^4[04]"))
                .check(joinedNow(frames, tally)))
            .await(SocketIo::quietWait).on(quiet()))
        .exec(session -> {
          tally.answered(session.userId());
          if (!session.isFailed()) {
            return cutShort(joined(session, tally));
          }
          if (session.getBoolean(RECONNECTING)) {
            tally.reconnectFailed();
          }
          if (sinceSent(session) >= config.ackTimeout.toNanos()) {
            return failed(session, Outcome.LATE, Requests.NAMESPACE_ACK);
          }
          tally.failedToJoin(Stage.NAMESPACE); // refused (44) or the connection closed before its answer
          return session.markAsSucceeded().set(OUTCOME, Outcome.FAILED_CONNECT).set(COME_BACK, true);
        });
  }

  /** The seed's ping: the event with an ack id, answered by the ack {@code 43<id>["pong"]}, then a quiet wait. */
  private static ChainBuilder ping(ChurnConfig config, ClientTally tally) {
    SocketIoFrames frames = config.frames;
    return exec(session -> session.set(ACK_ID, session.getInt(ACK_ID) + 1))
        .exec(awaiting(Requests.PING_ACK, config.ackTimeout, tally))
        .exec(ws(Requests.PING, SOCKET).sendText(session -> frames.event(session.getInt(ACK_ID)))
            .await(config.ackTimeout).on(ws.checkTextMessage(Requests.PING_ACK).matching(regex(frames.anyAckRegex()))
                .check(regex(frames.ackRegex()).isEL("#{" + ACK_ID + "}"), answeredAt()))
            .await(SocketIo::quietWait).on(quiet()))
        .exec(session -> answered(session, config.ackTimeout, Requests.PING_ACK, tally, true));
  }

  /** Engine.IO 3: the client's heartbeat {@code 2}, answered by {@code 3}, then a quiet wait. */
  private static ChainBuilder heartbeat(ChurnConfig config, ClientTally tally) {
    return exec(awaiting(Requests.HEARTBEAT_ACK, config.ackTimeout, tally))
        .exec(ws(Requests.HEARTBEAT, SOCKET).sendText("2")
            .await(config.ackTimeout).on(ws.checkTextMessage(Requests.HEARTBEAT_ACK).matching(regex("^3")).check(regex("^3$")))
            .await(SocketIo::quietWait).on(quiet()))
        .exec(session -> answered(session, config.ackTimeout, Requests.HEARTBEAT_ACK, tally, false));
  }

  /**
   * Holds the connection until its leave time, pinging every {@code ping} and, on Engine.IO 3, sending the
   * heartbeat every {@code heartbeat}; each frame's answer is followed by a quiet wait until the next one is due.
   */
  private static ChainBuilder hold(ChurnConfig config, ClientTally tally) {
    long pingMillis = config.ping.toMillis();
    long beatMillis = config.frames.eio() == 3 ? config.heartbeat.toMillis() : Long.MAX_VALUE / 4;
    return asLongAs(session -> alive(session) && untilLeave(session) > 0).on(
        // a quiet wait that ended a few ms early, or a frame sent late, leaves a little to wait in a pause
        pause(session -> Duration.ofMillis(Math.max(0, Math.min(untilLeave(session), nextDue(session) - now())))),
        doIf(session -> untilLeave(session) > 0 && now() >= session.getLong(NEXT_BEAT)).then(
            exec(session -> session.set(NEXT_BEAT, session.getLong(NEXT_BEAT) + beatMillis)),
            heartbeat(config, tally)),
        doIf(session -> alive(session) && untilLeave(session) > 0 && now() >= session.getLong(NEXT_PING)).then(
            exec(session -> session.set(NEXT_PING, session.getLong(NEXT_PING) + pingMillis)),
            ping(config, tally)));
  }

  /** Says goodbye ({@code 41}), then closes the websocket: the expected end of every lifetime. */
  private static ChainBuilder leave(ChurnConfig config, ClientTally tally) {
    return exec(ws(Requests.LEAVE, SOCKET).sendText(config.frames.leave()))
        .exec(session -> {
          if (session.isFailed()) {
            tally.dropped(Requests.LEAVE, true); // gone in the last moments of its life: seen when saying goodbye
            return session.markAsSucceeded();
          }
          tally.completed();
          tally.waiting(session.userId(), Requests.CLOSE, config.ackTimeout);
          return session;
        })
        .exec(ws(Requests.CLOSE, SOCKET).close())
        .exec(session -> {
          tally.answered(session.userId());
          return session;
        });
  }

  /**
   * After a failure: leave politely when the connection may still be there, close; then, by {@code -Dreconnect},
   * refill 100 ms later (seed), come back after socket.io-client's backoff (backoff), or stay down (none).
   */
  private static ChainBuilder endEarly(ChurnConfig config, LongSupplier runEndsAt, ClientTally tally) {
    return doIf(session -> session.get(OUTCOME) != Outcome.FAILED_CONNECT).then(
            exec(ws(Requests.LEAVE_AFTER_FAILURE, SOCKET).sendText(config.frames.leave())),
            exec(session -> {
              String request = session.getString(FAILED_AT);
              boolean held = session.getBoolean(HELD);
              if (session.get(OUTCOME) == Outcome.LATE) {
                tally.lateAnswer(request, held);
              } else if (session.isFailed()) {
                tally.dropped(request.replace(": ack", ""), held); // the goodbye could not go out: it was gone
                return session.markAsSucceeded().set(COME_BACK, true);
              } else {
                tally.wrongAnswer(request, held);
              }
              return session.markAsSucceeded();
            }))
        .exec(ws(Requests.CLOSE_AFTER_FAILURE, SOCKET).close())
        .exec(switch (config.reconnect) {
          // the seed's client refilled failed slots on its next 100 ms tick: no hot loop on a dead server
          case SEED -> exec(session -> session.set(COME_BACK, false)).exec(pause(REFILL_AFTER_FAILURE));
          case BACKOFF -> doIfOrElse(session -> session.getBoolean(COME_BACK) && untilLeave(session) > 0).then(
              pause(session -> Duration.ofMillis(Math.min(untilLeave(session),
                  Reconnect.backoffMillis(session.getInt(ATTEMPT))))),
              exec(session -> session.set(ATTEMPT, session.getInt(ATTEMPT) + 1).set(RECONNECTING, true)))
              .orElse(pause(REFILL_AFTER_FAILURE));
          case NONE -> exec(session -> session.set(COME_BACK, false))
              .exec(pause(session -> Duration.ofMillis(Math.max(0, runEndsAt.getAsLong() - now()))));
        });
  }

  /** Notes the request whose answer is now awaited, for the counts and for the end of the run. */
  private static ChainBuilder awaiting(String request, Duration timeout, ClientTally tally) {
    return exec(session -> {
      tally.waiting(session.userId(), request, timeout);
      return session.remove(ANSWERED_AT).set(SENT_AT, System.nanoTime())
          .set(QUIET_UNTIL, Math.min(session.getLong(LEAVE_AT), nextDue(session)));
    });
  }

  /** After an awaited answer: its time, or why it failed (a timeout is a late answer, anything sooner is probed). */
  private static Session answered(Session session, Duration timeout, String request, ClientTally tally, boolean ack) {
    tally.answered(session.userId());
    if (!session.isFailed()) {
      if (ack) {
        tally.acked(answerTime(session));
      }
      return cutShort(session);
    }
    return failed(session, sinceSent(session) >= timeout.toNanos() ? Outcome.LATE : Outcome.PROBE, request);
  }

  /**
   * The connection joined (held since its answer came, see {@link #joinedNow}): it comes back, if it must, from
   * the first backoff again.
   */
  private static Session joined(Session session, ClientTally tally) {
    tally.joinTime(answerTime(session));
    return session.set(HELD, true).set(ATTEMPT, 0).set(RECONNECTING, false);
  }

  /**
   * The namespace's answer {@code 40...}: the connection is held from the moment it comes, counted by the check
   * itself (the action ends only after the quiet wait that follows), which also notes when it came.
   */
  private static CheckBuilder joinedNow(SocketIoFrames frames, ClientTally tally) {
    return regex(frames.joinedRegex()).transform(match -> {
      tally.joinedNow();
      return System.nanoTime();
    }).saveAs(ANSWERED_AT);
  }

  /** A quiet wait that ended well before its time: the socket closed under it, a drop found at once. */
  private static Session cutShort(Session session) {
    boolean cut = session.contains(QUIET_UNTIL) && now() < session.getLong(QUIET_UNTIL) - CUT_SHORT_MILLIS
        && untilLeave(session) > CUT_SHORT_MILLIS;
    return cut ? failed(session, Outcome.PROBE, Requests.HOLD) : session;
  }

  private static Session failed(Session session, Outcome outcome, String request) {
    return session.markAsSucceeded().set(OUTCOME, outcome).set(FAILED_AT, request);
  }

  /** Sets when the first ping (and heartbeat) is due, counted from the connect. */
  private static Session firstDue(Session session, ChurnConfig config) {
    long beatMillis = config.frames.eio() == 3 ? config.heartbeat.toMillis() : Long.MAX_VALUE / 4;
    return session.set(NEXT_PING, now() + config.ping.toMillis()).set(NEXT_BEAT, now() + beatMillis);
  }

  /** Until the next frame is due, or the connection leaves: how long to wait quietly after an answer. */
  private static Duration quietWait(Session session) {
    return Duration.ofMillis(Math.max(0, Math.min(untilLeave(session), nextDue(session) - now())));
  }

  /** Notes when the answer arrived: the check runs then, the action ends only after the quiet wait. */
  private static CheckBuilder answeredAt() {
    return regex("^").transform(match -> System.nanoTime()).saveAs(ANSWERED_AT);
  }

  /** From the frame to its answer, as the answer's check noted it. */
  private static long answerTime(Session session) {
    long answered = session.contains(ANSWERED_AT) ? session.getLong(ANSWERED_AT) : System.nanoTime();
    return answered - session.getLong(SENT_AT);
  }

  private static WsFrameCheck.Text quiet() {
    return ws.checkTextMessage(Requests.HOLD).silent().matching(regex(NOTHING));
  }

  private static long nextDue(Session session) {
    return Math.min(session.getLong(NEXT_PING), session.getLong(NEXT_BEAT));
  }

  private static boolean alive(Session session) {
    return !session.contains(OUTCOME);
  }

  private static long sinceSent(Session session) {
    return System.nanoTime() - session.getLong(SENT_AT);
  }

  private static long untilLeave(Session session) {
    return session.getLong(LEAVE_AT) - now();
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
