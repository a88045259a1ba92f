package server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corundumstudio.socketio.HandshakeData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The official Java client against the embedded server over wss: the seed's protocol, and its accounting. */
class ChurnServerTest {

  private ChurnServer server;

  @BeforeEach
  void start() {
    server = TestServers.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** Fails with IllegalReferenceCountException at the 40 step if Netty moves past 4.1.128 (netty-socketio#1062). */
  @ParameterizedTest
  @ValueSource(strings = {"openssl", "jdk"})
  void wssClientPingsEchoesAndLeavesAndIsCountedExactlyOnce(String tlsProvider) throws Exception {
    server.stop();
    server = TestServers.start("server.tlsProvider", tlsProvider);
    try (TestClient client = TestClient.connect(server.port(), server.certificate().certificate())) {
      assertEquals("pong", client.emitWithAck("ping"));
      assertEquals("hello", client.emitWithAck("echo", "hello"));
      assertEquals("{\"n\":42}", String.valueOf(client.emitWithAck("echo", new org.json.JSONObject(Map.of("n", 42)))));
      client.leave();
      TestServers.await(5000, () -> server.ledger().connected() == 0, () -> "connected=" + server.ledger().connected());
    }
    ConnectionLedger ledger = server.ledger();
    assertEquals(1, ledger.connects());
    assertEquals(1, ledger.disconnects(DisconnectReason.CLIENT_LEFT));
    assertEquals(0, ledger.drops());
    assertEquals(3, ledger.acks());
    assertEquals(1, ledger.peakConnected());
  }

  @Test
  void aConnectedSessionKeepsItsQueryButNotItsUpgradeRequestHeaders() throws Exception {
    try (TestClient client = TestClient.connect(server.port(), server.certificate().certificate())) {
      assertEquals("pong", client.emitWithAck("ping"));
      HandshakeData handshake = server.clients().iterator().next().getHandshakeData();
      assertEquals(List.of(), handshake.getHttpHeaders().names().stream().toList(), "headers kept after connect");
      assertEquals("4", handshake.getSingleUrlParam("EIO"));
      assertEquals("websocket", handshake.getSingleUrlParam("transport"));
    }
  }

  @Test
  void aClientThatGoesAwayWithoutSayingGoodbyeIsATransportClose() throws Exception {
    try (RawClient client = RawClient.joined(server.port(), server.certificate().certificate())) {
      client.send("421[\"ping\"]");
      assertEquals("431[\"pong\"]", client.expect("43"));
      client.cut();
      TestServers.await(5000, () -> server.ledger().connected() == 0, () -> "connected=" + server.ledger().connected());
    }
    assertEquals(1, server.ledger().disconnects(DisconnectReason.TRANSPORT_CLOSE));
    assertEquals(0, server.ledger().disconnects(DisconnectReason.CLIENT_LEFT));
  }

  @Test
  void kickedConnectionsAreServerClosesAndTheClientSeesThem() throws Exception {
    try (TestClient a = TestClient.connect(server.port(), server.certificate().certificate());
        TestClient b = TestClient.connect(server.port(), server.certificate().certificate())) {
      assertEquals(1, server.kick(1));
      TestServers.await(5000, () -> a.disconnected().isDone() || b.disconnected().isDone(), () -> "no client saw the kick");
      TestServers.await(5000, () -> server.ledger().connected() == 1, () -> "connected=" + server.ledger().connected());
      assertEquals(1, server.ledger().disconnects(DisconnectReason.SERVER_CLOSE));
      TestClient survivor = a.disconnected().isDone() ? b : a;
      assertEquals("pong", survivor.emitWithAck("ping"));
    }
  }

  /** The refuse fault answers upgrades 503 for its length, then lets connections in again; none before it fires. */
  @Test
  void aRefusingServerTurnsConnectionsAwayForItsTimeOnly() throws Exception {
    try (TestClient before = TestClient.connect(server.port(), server.certificate().certificate())) {
      assertEquals("pong", before.emitWithAck("ping"), "a server with no fault fired refuses nothing");
    }
    server.stop();
    server = TestServers.start("fault", "refuse:1500ms@0s");
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> TestClient.connect(server.port(), server.certificate().certificate()).close());
    assertEquals(1, server.ledger().handshakeFailures(HandshakeStage.WEBSOCKET), "counted as a failed websocket handshake");
    Thread.sleep(1600);
    try (TestClient after = TestClient.connect(server.port(), server.certificate().certificate())) {
      assertEquals("pong", after.emitWithAck("ping"));
    }
  }
}
