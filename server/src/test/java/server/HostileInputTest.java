package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;

/**
 * Hostile input on the server's port: each is refused or closed with one log line naming the cause, and a
 * healthy client connected beside it keeps its connection and gets every ack throughout.
 */
class HostileInputTest {

  /**
   * An ack later than this is one a flooder delayed. Not lower: at the start of a flood the JIT is still
   * compiling the server's path for it, and on a shared two-core machine acks of up to 1.4 s were seen while
   * the flooder lived (never after it was closed).
   */
  private static final long LATE_ACK_MILLIS = 2000;

  private ChurnServer server;
  private TestClient healthy;
  private Thread pinger;
  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicInteger lateAcks = new AtomicInteger();
  private final AtomicLong slowestAckMillis = new AtomicLong();
  private final AtomicReference<Throwable> healthyFailure = new AtomicReference<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void startServerAndAHealthyClient(TestInfo test) throws Exception {
    // one event loop: a flooder shares the healthy client's, as it would some of thousands of clients'
    server = TestServers.start("server.tlsHandshakeTimeout", "500ms", "server.firstDataTimeout", "500ms",
        "server.workerThreads", test.getTags().contains("flood") ? "1" : "0");
    healthy = TestClient.connect(server.port(), server.certificate().certificate());
    pinger = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          long sent = System.nanoTime();
          assertEquals("pong", healthy.emitWithAck("ping"));
          long millis = (System.nanoTime() - sent) / 1_000_000;
          slowestAckMillis.accumulateAndGet(millis, Math::max);
          if (millis > LATE_ACK_MILLIS) {
            lateAcks.incrementAndGet();
          }
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
    // one more ack after the hostile part, however busy the machine (an ack takes milliseconds, the wait is a bound)
    long deadline = System.currentTimeMillis() + 3 * LATE_ACK_MILLIS;
    while (acks.get() <= before && healthyFailure.get() == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    pinger.interrupt();
    pinger.join(5000);
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    try {
      assertEquals(null, healthyFailure.get(), "the healthy client lost an ack");
      assertTrue(acks.get() > before, "the healthy client kept getting acks to the end");
      assertTrue(healthy.isConnected(), "the healthy client is still connected");
      assertFalse(healthy.disconnected().isDone(), "the healthy client was never disconnected");
      assertEquals(0, lateAcks.get(), () -> "acks later than " + LATE_ACK_MILLIS + " ms (slowest "
          + slowestAckMillis.get() + " ms)");
      assertEquals(0, log.list.stream().filter(e -> e.getFormattedMessage().contains("OutOfMemoryError")
          || e.getThrowableProxy() != null && e.getThrowableProxy().getClassName().contains("OutOfMemoryError")).count(),
          () -> "log: " + log.list);
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

  @Test
  @Tag("flood")
  void aBinaryPacketAnnouncingMillionsOfAttachmentsClosesOnlyItsConnection() throws Exception {
    try (RawWebSocket hostile = RawWebSocket.joined(server.port(), server.certificate().certificate(), 0)) {
      hostile.text("454999999-[\"ping\",{\"_placeholder\":true,\"num\":0}]");
      assertFloodClosed(hostile, RawWebSocket.encode(RawWebSocket.BINARY, true, attachment(65536)), 64 << 20);
    }
    assertClosedForOneLimit("a binary packet announcing 4999999 attachments, over the limit of 100 (server.maxAttachments)");
  }

  @Test
  @Tag("flood")
  void attachmentsOverTheBufferLimitCloseOnlyTheirConnection() throws Exception {
    try (RawWebSocket hostile = RawWebSocket.joined(server.port(), server.certificate().certificate(), 0)) {
      hostile.text("45100-[\"ping\",{\"_placeholder\":true,\"num\":0}]");
      // 64 KiB each: the 16th takes the packet over 1,000,000 bytes
      assertFloodClosed(hostile, RawWebSocket.encode(RawWebSocket.BINARY, true, attachment(65536)), 64 << 20);
    }
    assertClosedForOneLimit("a binary packet and its attachments over 1000000 bytes, the limit (server.maxHttpBufferSize)");
  }

  @Test
  @Tag("flood")
  void aMessageInContinuationFramesThatNeverEndsClosesOnlyItsConnection() throws Exception {
    try (RawWebSocket hostile = RawWebSocket.joined(server.port(), server.certificate().certificate(), 0)) {
      byte[] part = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      hostile.frame(RawWebSocket.TEXT, false, ("42[\"echo\",\"" + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII));
      assertFloodClosed(hostile, RawWebSocket.encode(RawWebSocket.CONTINUATION, false, part), 4 << 20);
    }
    assertClosedForOneLimit("a websocket message in continuation frames over 65536 bytes, the limit (server.maxFramePayload)");
  }

  @Test
  @Tag("flood")
  void aFloodOfAckedEventsFromAPeerThatNeverReadsClosesOnlyItsConnection() throws Exception {
    // a small receive buffer: the acks it does not read pile up in the server, not in the kernel
    try (RawWebSocket hostile = RawWebSocket.joined(server.port(), server.certificate().certificate(), 4096)) {
      // echo, acked with its 1 KiB payload: the backlog passes the limit after thousands of events, not a
      // hundred thousand pings, so the test does not depend on how fast a busy machine handles them
      String payload = "x".repeat(1024);
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int id = 0; id < 100; id++) {
        batch.writeBytes(RawWebSocket.encode(RawWebSocket.TEXT, true,
            ("42" + id + "[\"echo\",\"" + payload + "\"]").getBytes(StandardCharsets.US_ASCII)));
      }
      // up to 50,000 events, and not one ack read
      assertFloodClosed(hostile, batch.toByteArray(), 500L * batch.size());
    }
    assertClosedForOneLimit("over 1048576 bytes waiting to be sent, the limit (server.maxOutboundBytes): the peer is not reading");
  }

  /**
   * Writes {@code chunk} again and again, up to {@code maxBytes} or 10 s, and asserts that the server closed the
   * connection before: a write then fails. A watchdog closes the socket at the deadline, should a write block.
   */
  private void assertFloodClosed(RawWebSocket hostile, byte[] chunk, long maxBytes) throws Exception {
    long started = System.currentTimeMillis();
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(12_000);
        timedOut.set(true);
        hostile.close();
      } catch (InterruptedException e) {
        // the flood ended in time
      }
    }, "flood-watchdog");
    watchdog.start();
    long sent = 0;
    String ended = "sent all " + maxBytes + " bytes";
    try {
      while (sent < maxBytes && System.currentTimeMillis() - started < 10_000) {
        hostile.write(chunk);
        sent += chunk.length;
      }
      if (sent < maxBytes) {
        ended = "still open after 10 s";
      }
    } catch (IOException closed) {
      ended = timedOut.get() ? "a write blocked for 12 s" : null;
    } finally {
      watchdog.interrupt();
    }
    String outcome = ended;
    assertEquals(null, outcome, () -> "the server closed the flooding connection, but it " + outcome
        + " (" + (System.currentTimeMillis() - started) + " ms)");
  }

  /** Binary bytes that netty-socketio takes as an attachment (one starting with a zero byte it fails to parse). */
  private static byte[] attachment(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 0xab);
    return bytes;
  }

  /** The server closed exactly one connection, with one warning naming {@code limit} and the peer's address. */
  private void assertClosedForOneLimit(String limit) throws Exception {
    TestServers.await(2000, () -> server.ledger().disconnects(DisconnectReason.SERVER_CLOSE) == 1,
        () -> "server closes " + server.ledger().disconnects(DisconnectReason.SERVER_CLOSE));
    List<ILoggingEvent> lines = log.list.stream().filter(e -> e.getFormattedMessage().contains(limit)).toList();
    assertEquals(1, lines.size(), () -> "one line naming '" + limit + "' in log: " + log.list);
    assertEquals(Level.WARN, lines.get(0).getLevel());
    assertTrue(lines.get(0).getFormattedMessage().startsWith("closed /127.0.0.1:"), lines.get(0).getFormattedMessage());
    assertEquals(null, lines.get(0).getThrowableProxy(), "no stack trace");
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
