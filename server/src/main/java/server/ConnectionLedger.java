package server;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The accounting of every connection: connects, disconnects by reason, handshake failures, and the live
 * gauge of connected sockets. netty-socketio's disconnect listener carries no reason, so the pipeline marks
 * what it sees first (a client's 41, a server-side close) and {@link #disconnected} classifies from those marks.
 */
public final class ConnectionLedger {

  private final LongAdder connects = new LongAdder();
  private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
  private final Map<HandshakeStage, LongAdder> handshakeFailures = new EnumMap<>(HandshakeStage.class);
  private final LongAdder namespaceRefusals = new LongAdder();
  private final LongAdder acks = new LongAdder();
  private final AtomicLong connected = new AtomicLong();
  private final AtomicLong peakConnected = new AtomicLong();
  private final AtomicLong tcpOpen = new AtomicLong();
  /** Sessions with a mark set before their disconnect listener runs. */
  private final Map<UUID, DisconnectReason> marks = new ConcurrentHashMap<>();

  public ConnectionLedger() {
    for (DisconnectReason r : DisconnectReason.values()) {
      disconnects.put(r, new LongAdder());
    }
    for (HandshakeStage s : HandshakeStage.values()) {
      handshakeFailures.put(s, new LongAdder());
    }
  }

  public void connected(UUID session) {
    connects.increment();
    long now = connected.incrementAndGet();
    peakConnected.accumulateAndGet(now, Math::max);
  }

  /** The client said goodbye ({@code 41} or Engine.IO {@code 1}); its disconnect is expected. */
  public void markClientLeft(UUID session) {
    marks.putIfAbsent(session, DisconnectReason.CLIENT_LEFT);
  }

  /** The server is about to close this session (fault, protocol error, shutdown). */
  public void markServerClose(UUID session) {
    marks.putIfAbsent(session, DisconnectReason.SERVER_CLOSE);
  }

  /**
   * Called from the disconnect listener. Without a mark: if netty-socketio itself ended the session (the
   * only place it does so is the ping timeout), it is a ping timeout; otherwise the peer closed the
   * transport without a {@code 41}.
   */
  public DisconnectReason disconnected(UUID session, boolean endedBySocketIo) {
    DisconnectReason mark = marks.remove(session);
    DisconnectReason reason = mark != null ? mark
        : endedBySocketIo ? DisconnectReason.PING_TIMEOUT : DisconnectReason.TRANSPORT_CLOSE;
    disconnects.get(reason).increment();
    connected.decrementAndGet();
    return reason;
  }

  public void handshakeFailed(HandshakeStage stage) {
    handshakeFailures.get(stage).increment();
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
  public long unexpectedDisconnects() {
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

  public long namespaceRefusals() {
    return namespaceRefusals.sum();
  }

  public long acks() {
    return acks.sum();
  }

  /** The live gauge: Socket.IO connections open now. */
  public long connected() {
    return connected.get();
  }

  public long peakConnected() {
    return peakConnected.get();
  }

  /** TCP connections open on the port now, whatever stage they reached. */
  public long tcpOpen() {
    return tcpOpen.get();
  }
}
