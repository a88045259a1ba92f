package server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A client that stops answering the server's pings is dropped, and the drop is named a ping timeout. */
class PingTimeoutTest {

  @Test
  void aSilentClientIsAPingTimeoutNotATransportClose() throws Exception {
    ChurnServer server = TestServers.start("server.pingInterval", "200ms", "server.pingTimeout", "200ms");
    try (RawClient silent = RawClient.joined(server.port(), server.certificate().certificate());
        TestClient healthy = TestClient.connect(server.port(), server.certificate().certificate())) {
      // The raw client answers no ping from here on; the official client answers every one.
      TestServers.await(5000, () -> server.ledger().disconnects(DisconnectReason.PING_TIMEOUT) == 1,
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
