package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile input on the server's port: each is refused or closed with one log line naming the cause, and a
 * healthy client connected beside it keeps its connection and gets every ack throughout.
 */
class HostileInputTest {

  private ChurnServer server;
  private TestClient healthy;
  private Thread pinger;
  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicReference<Throwable> healthyFailure = new AtomicReference<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void startServerAndAHealthyClient() throws Exception {
    server = TestServers.start("server.tlsHandshakeTimeout", "500ms", "server.firstDataTimeout", "500ms");
    healthy = TestClient.connect(server.port(), server.certificate().certificate());
    pinger = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          assertEquals("pong", healthy.emitWithAck("ping"));
          acks.incrementAndGet();
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        // the test is over
      } catch (Throwable t) {
        healthyFailure.set(t);
      }
    }, "healthy-pinger");
    pinger.start();
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterEach
  void healthyClientWasNeverDisturbed() throws Exception {
    int before = acks.get();
    Thread.sleep(300);
    pinger.interrupt();
    pinger.join(5000);
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    try {
      assertEquals(null, healthyFailure.get(), "the healthy client lost an ack");
      assertTrue(acks.get() > before, "the healthy client kept getting acks to the end");
      assertTrue(healthy.isConnected(), "the healthy client is still connected");
    } finally {
      healthy.close();
      server.stop();
    }
  }

  @Test
  void plainHttpOnTheTlsPortIsRefused() throws Exception {
    assertClosedAfterSending("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertRefused(HandshakeStage.TLS, "not TLS (plain HTTP or random bytes on the TLS port)");
  }

  @Test
  void randomBytesAreRefused() throws Exception {
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    assertClosedAfterSending(noise);
    assertRefused(HandshakeStage.TLS, "not TLS");
  }

  @Test
  void aTlsHandshakeThatStopsHalfwayIsClosedAtTheHandshakeTimeout() throws Exception {
    // A TLS record header announcing a 512-byte ClientHello, and only ten bytes of it.
    byte[] half = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0};
    assertClosedAfterSending(half);
    assertRefused(HandshakeStage.TLS, "TLS handshake not completed in time");
  }

  @Test
  void aWebsocketUpgradeThatNeverCompletesIsClosedAtTheFirstDataTimeout() throws Exception {
    try (SSLSocket tls = tlsSocket()) {
      tls.startHandshake();
      OutputStream out = tls.getOutputStream();
      out.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals(-1, tls.getInputStream().read(), "the server closes the half-sent upgrade");
    }
    assertRefused(HandshakeStage.WEBSOCKET, "no complete Socket.IO handshake request arrived");
  }

  @Test
  void anUnknownEngineIoVersionIsRefused() throws Exception {
    try (RawClient eio9 = RawClient.open(server.port(), server.certificate().certificate(), "EIO=9&transport=websocket")) {
      String outcome = eio9.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(outcome.contains("HTTP 400"), outcome);
    }
    assertRefused(HandshakeStage.WEBSOCKET, "unknown Engine.IO version EIO=9");
  }

  @Test
  void malformedSocketIoPacketsCloseOnlyTheirConnection() throws Exception {
    String[] malformed = {"42[\"ping\"", "4Z", "9", "42{\"not\":\"an array\"}"};
    for (String packet : malformed) {
      try (RawClient hostile = RawClient.joined(server.port(), server.certificate().certificate())) {
        hostile.send(packet);
        hostile.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    TestServers.await(2000, () -> server.ledger().disconnects(DisconnectReason.SERVER_CLOSE) == malformed.length,
        () -> "server closes " + server.ledger().disconnects(DisconnectReason.SERVER_CLOSE));
    assertEquals(malformed.length, linesContaining("closed /127.0.0.1:"), () -> "log: " + log.list);
    for (String packet : malformed) {
      assertEquals(1, linesContaining("malformed Socket.IO packet '" + packet + "'"), () -> packet + " in log: " + log.list);
    }
  }

  @Test
  void aFrameOverTheLimitClosesOnlyItsConnection() throws Exception {
    try (RawClient hostile = RawClient.joined(server.port(), server.certificate().certificate())) {
      hostile.send("42[\"echo\",\"" + "x".repeat(70_000) + "\"]");
      // a close frame 1009 (message too big), or a reset when the server closes before reading it all
      hostile.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    TestServers.await(2000, () -> server.ledger().disconnects(DisconnectReason.SERVER_CLOSE) == 1,
        () -> "server closes " + server.ledger().disconnects(DisconnectReason.SERVER_CLOSE));
    assertEquals(1, linesContaining("Max frame length of 65536 has been exceeded"));
  }

  @Test
  void binaryGarbageInAWebsocketFrameClosesOnlyItsConnection() throws Exception {
    try (RawClient hostile = RawClient.joined(server.port(), server.certificate().certificate())) {
      hostile.send(ByteString.of((byte) 0xff, (byte) 0x00, (byte) 0x42));
      hostile.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    TestServers.await(2000, () -> server.ledger().disconnects(DisconnectReason.SERVER_CLOSE) == 1,
        () -> "server closes " + server.ledger().disconnects(DisconnectReason.SERVER_CLOSE));
    assertEquals(1, linesContaining("malformed Socket.IO packet"), () -> "log: " + log.list);
  }

  @Test
  void aSocketIoRequestThatIsNoWebsocketUpgradeIsRefused() throws Exception {
    try (SSLSocket tls = tlsSocket()) {
      tls.getOutputStream().write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
    }
    assertRefused(HandshakeStage.WEBSOCKET, "not a websocket upgrade request");
  }

  @Test
  void anUnknownNamespaceIsRefusedAndTheConnectionCarriesOn() throws Exception {
    try (RawClient client = RawClient.joined(server.port(), server.certificate().certificate())) {
      client.send("40/nope,");
      assertEquals("44/nope,\"Invalid namespace\"", client.expect("44"));
      client.send("421[\"ping\"]");
      assertEquals("431[\"pong\"]", client.expect("43"));
    }
    assertEquals(1, server.ledger().namespaceRefusals());
    assertEquals(1, linesContaining("unknown namespace '/nope'"));
  }

  private void assertClosedAfterSending(byte[] bytes) throws Exception {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      raw.setSoTimeout(5000);
      raw.getOutputStream().write(bytes);
      raw.getOutputStream().flush();
      InputStream in = raw.getInputStream();
      byte[] sink = new byte[1024];
      while (in.read(sink) >= 0) {
        // a TLS alert may come first; what matters is that the server closes
      }
    } catch (java.net.SocketException reset) {
      // closed with our bytes unread: a reset is the server closing too
    }
  }

  private void assertRefused(HandshakeStage stage, String cause) throws Exception {
    TestServers.await(2000, () -> server.ledger().handshakeFailures(stage) == 1,
        () -> stage.label + " failures " + server.ledger().handshakeFailures(stage));
    Thread.sleep(100); // no second line may follow
    assertEquals(1, server.ledger().handshakeFailures(stage));
    assertEquals(1, linesContaining("refused /127.0.0.1:"), () -> "log: " + log.list);
    assertEquals(1, linesContaining(cause), () -> "log: " + log.list);
  }

  private long linesContaining(String fragment) {
    return log.list.stream().filter(e -> e.getFormattedMessage().contains(fragment)).count();
  }

  private SSLSocket tlsSocket() throws Exception {
    SSLContext ssl = TestTls.context(server.certificate().certificate());
    SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port());
    socket.setSoTimeout(5000);
    return socket;
  }
}
