package server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A client that stops answering the server's pings is dropped, and the drop is named a ping timeout. */
class PingTimeoutTest {

  @Test
  void aSilentClientIsAPingTimeoutNotATransportClose() throws Exception {
    // 1 s each: with 200 ms, then 500 ms, a busy verify saw the official client give up on a late server ping
    // and close its transport (transport closes 1) before the silent one timed out
    ChurnServer server = TestServers.start("server.pingInterval", "1s", "server.pingTimeout", "1s");
    try (RawClient silent = RawClient.joined(server.port(), server.certificate().certificate());
        TestClient healthy = TestClient.connect(server.port(), server.certificate().certificate())) {
      // The raw client answers no ping from here on; the official client answers every one.
      TestServers.await(8000, () -> server.ledger().disconnects(DisconnectReason.PING_TIMEOUT) == 1,
          () -> "ping timeouts " + server.ledger().disconnects(DisconnectReason.PING_TIMEOUT)
              + ", transport closes " + server.ledger().disconnects(DisconnectReason.TRANSPORT_CLOSE)
              + ", connected " + server.ledger().connected());
      Thread.sleep(1000);
      assertEquals(1, server.ledger().disconnects(DisconnectReason.PING_TIMEOUT));
      assertEquals(0, server.ledger().disconnects(DisconnectReason.TRANSPORT_CLOSE));
      assertEquals(1, server.ledger().connected());
      assertEquals("pong", healthy.emitWithAck("ping"));
    } finally {
      server.stop();
    }
  }
}
