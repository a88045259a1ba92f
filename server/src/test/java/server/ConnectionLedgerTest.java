package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each connection ends once in the ledger, whoever reports its end and however often. */
class ConnectionLedgerTest {

  private static final int SESSIONS = 20_000;

  /**
   * netty-socketio can run the disconnect listener for one session on its ping-timeout timer thread and on the
   * channel's event loop at once. Two threads here end every session together, released by a barrier, while a
   * third watches the gauge.
   */
  @Test
  void twoThreadsEndingTheSameSessionsCountEachEndOnce() throws Exception {
    ConnectionLedger ledger = new ConnectionLedger();
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      UUID session = UUID.randomUUID();
      sessions.add(session);
      ledger.connected(session);
    }
    assertEquals(SESSIONS, ledger.connected());

    CyclicBarrier together = new CyclicBarrier(2);
    AtomicLong counted = new AtomicLong();
    AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
    Runnable ender = () -> {
      for (UUID session : sessions) {
        try {
          together.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        if (ledger.disconnected(session, false).isPresent()) {
          counted.incrementAndGet();
        }
        lowest.accumulateAndGet(ledger.connected(), Math::min);
      }
    };
    Thread timer = new Thread(ender, "timer");
    Thread eventLoop = new Thread(ender, "event-loop");
    timer.start();
    eventLoop.start();
    timer.join();
    eventLoop.join();

    assertEquals(SESSIONS, counted.get(), "one end per session");
    assertEquals(SESSIONS, ledger.disconnects(DisconnectReason.TRANSPORT_CLOSE));
    assertEquals(0, ledger.connected());
    assertTrue(lowest.get() >= 0, "the gauge never went below zero: " + lowest.get());
    assertEquals(SESSIONS, ledger.connects());
  }

  @Test
  void anEndOfASessionNeverConnectedIsIgnored() {
    ConnectionLedger ledger = new ConnectionLedger();
    assertEquals(Optional.empty(), ledger.disconnected(UUID.randomUUID(), true));
    assertEquals(0, ledger.connected());
    assertEquals(0, ledger.drops());
  }

  @Test
  void marksDecideTheReasonAndAStoppingServerNamesItsOwnShutdown() {
    ConnectionLedger ledger = new ConnectionLedger();
    UUID left = UUID.randomUUID();
    UUID kicked = UUID.randomUUID();
    UUID timedOut = UUID.randomUUID();
    UUID atShutdown = UUID.randomUUID();
    for (UUID s : List.of(left, kicked, timedOut, atShutdown)) {
      ledger.connected(s);
    }
    ledger.markClientLeft(left);
    ledger.markServerClose(kicked);
    assertEquals(Optional.of(DisconnectReason.CLIENT_LEFT), ledger.disconnected(left, false));
    assertEquals(Optional.of(DisconnectReason.SERVER_CLOSE), ledger.disconnected(kicked, false));
    assertEquals(Optional.of(DisconnectReason.PING_TIMEOUT), ledger.disconnected(timedOut, true));
    ledger.shuttingDown();
    assertEquals(Optional.of(DisconnectReason.SERVER_SHUTDOWN), ledger.disconnected(atShutdown, false));
    assertEquals(3, ledger.drops(), "all but the client leaving");
    assertEquals(4, ledger.peakConnected());
  }
}
