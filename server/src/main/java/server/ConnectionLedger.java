package server;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The accounting of every connection: connects, disconnects by reason, handshake and accept failures, and the
 * live gauge of connected sockets. netty-socketio's disconnect listener carries no reason, so the pipeline marks
 * what it sees first (a client's 41, a server-side close) and {@link #disconnected} classifies from those marks.
 * Each connection ends once here, whoever reports its end and however often: netty-socketio can run the
 * listener twice for one session when its ping-timeout timer and the channel's event loop race.
 */
public final class ConnectionLedger {

  private final LongAdder connects = new LongAdder();
  private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
  private final Map<HandshakeStage, LongAdder> handshakeFailures = new EnumMap<>(HandshakeStage.class);
  private final Map<AcceptError, LongAdder> acceptFailures = new EnumMap<>(AcceptError.class);
  private final LongAdder namespaceRefusals = new LongAdder();
  private final LongAdder acks = new LongAdder();
  private final AtomicLong peakConnected = new AtomicLong();
  private final AtomicLong tcpOpen = new AtomicLong();
  /** The sessions open now: the live gauge is its size, and a session leaves it once. */
  private final Set<UUID> live = ConcurrentHashMap.newKeySet();
  /** Sessions with a mark set before their disconnect listener runs. */
  private final Map<UUID, DisconnectReason> marks = new ConcurrentHashMap<>();
  private volatile boolean shuttingDown;

  public ConnectionLedger() {
    for (DisconnectReason r : DisconnectReason.values()) {
      disconnects.put(r, new LongAdder());
    }
    for (HandshakeStage s : HandshakeStage.values()) {
      handshakeFailures.put(s, new LongAdder());
    }
    for (AcceptError e : AcceptError.values()) {
      acceptFailures.put(e, new LongAdder());
    }
  }

  public void connected(UUID session) {
    if (live.add(session)) {
      connects.increment();
      peakConnected.accumulateAndGet(live.size(), Math::max);
    }
  }

  /** The client said goodbye ({@code 41} or Engine.IO {@code 1}); its disconnect is expected. */
  public void markClientLeft(UUID session) {
    marks.putIfAbsent(session, DisconnectReason.CLIENT_LEFT);
  }

  /** The server is about to close this session (fault, protocol error). */
  public void markServerClose(UUID session) {
    marks.putIfAbsent(session, DisconnectReason.SERVER_CLOSE);
  }

  /** The server is stopping: the connections it still holds end because of that, not because of the peer. */
  public void shuttingDown() {
    shuttingDown = true;
  }

  /**
   * Called from the disconnect listener. Without a mark: if netty-socketio itself ended the session (the only
   * place it does so is the ping timeout), it is a ping timeout; otherwise the peer closed the transport
   * without a {@code 41}, unless the server is stopping. Empty when this session's end was counted already.
   */
  public Optional<DisconnectReason> disconnected(UUID session, boolean endedBySocketIo) {
    if (!live.remove(session)) {
      return Optional.empty();
    }
    DisconnectReason mark = marks.remove(session);
    DisconnectReason reason = mark != null ? mark
        : shuttingDown ? DisconnectReason.SERVER_SHUTDOWN
        : endedBySocketIo ? DisconnectReason.PING_TIMEOUT : DisconnectReason.TRANSPORT_CLOSE;
    disconnects.get(reason).increment();
    return Optional.of(reason);
  }

  public void handshakeFailed(HandshakeStage stage) {
    handshakeFailures.get(stage).increment();
  }

  public void acceptFailed(AcceptError error) {
    acceptFailures.get(error).increment();
  }

  public void namespaceRefused() {
    namespaceRefusals.increment();
  }

  public void acked() {
    acks.increment();
  }

  public void tcpOpened() {
    tcpOpen.incrementAndGet();
  }

  public void tcpClosed() {
    tcpOpen.decrementAndGet();
  }

  public long connects() {
    return connects.sum();
  }

  public long disconnects(DisconnectReason reason) {
    return disconnects.get(reason).sum();
  }

  /** Every disconnect but a client leaving: the drops. */
  public long drops() {
    long sum = 0;
    for (DisconnectReason r : DisconnectReason.values()) {
      if (!r.expected()) {
        sum += disconnects(r);
      }
    }
    return sum;
  }

  public long handshakeFailures(HandshakeStage stage) {
    return handshakeFailures.get(stage).sum();
  }

  public long acceptFailures(AcceptError error) {
    return acceptFailures.get(error).sum();
  }

  public long namespaceRefusals() {
    return namespaceRefusals.sum();
  }

  public long acks() {
    return acks.sum();
  }

  /** The live gauge: Socket.IO connections open now. */
  public long connected() {
    return live.size();
  }

  public long peakConnected() {
    return peakConnected.get();
  }

  /** TCP connections open on the port now, whatever stage they reached. */
  public long tcpOpen() {
    return tcpOpen.get();
  }
}
