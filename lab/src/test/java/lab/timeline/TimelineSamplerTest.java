package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler against a stand-in server whose /status says what the test wants, on a real loopback port. */
class TimelineSamplerTest {

  private HttpServer server;
  private final AtomicReference<String> status = new AtomicReference<>();
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/status", exchange -> {
      String body = status.get();
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : clients) {
      s.close();
    }
    server.stop(0);
  }

  private URI url() {
    return URI.create("ws://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void eachRowSaysWhatHappenedSinceThePreviousOne(@TempDir Path dir) throws Exception {
    assumeTrue(ProcNetTcp.available(), "counts the port's sockets in /proc/net/tcp");
    Path csv = dir.resolve("server-timeline.csv");
    TimelineSampler.Clients counts = new TimelineSampler.Clients() {
      long reconnects;

      @Override
      public long held() {
        return 3;
      }

      @Override
      public long reconnectAttempts() {
        return reconnects += 2;
      }

      @Override
      public long failedConnects() {
        return 7;
      }
    };
    try (TimelineSampler sampler = new TimelineSampler(csv, new TimelineSampler.Watched(url(), ProcessHandle.current().pid()),
        counts)) {
      status.set("{\"pid\":1,\"startedAt\":1,\"connected\":9,\"connects\":100,"
          + "\"disconnects\":{\"client-left\":91,\"server-close\":0},\"acceptFailures\":{\"EMFILE\":4}}");
      TimelineRow baseline = sampler.sample();
      assertNull(baseline.connects(), "the first answer is the baseline");
      for (int i = 0; i < 3; i++) {
        Socket s = new Socket("127.0.0.1", server.getAddress().getPort());
        clients.add(s);
      }
      status.set("{\"pid\":1,\"startedAt\":1,\"connected\":7,\"connects\":103,"
          + "\"disconnects\":{\"client-left\":93,\"server-close\":3},\"acceptFailures\":{\"EMFILE\":9},\"eventLoopLagMs\":4.5}");
      Thread.sleep(200); // the kernel lists the accepted sockets

      List<String> row = TimelineColumns.cells(sampler.sample());
      assertEquals("3", cell(row, "held"), "the clients' own count");
      assertEquals("2", cell(row, "reconnect_attempts"), "since the previous sample");
      assertEquals("0", cell(row, "failed_connects"), "7 so far, all before the previous sample");
      assertEquals("7", cell(row, "connected"));
      assertEquals("3", cell(row, "connects"));
      assertEquals("2", cell(row, "client_left"));
      assertEquals("3", cell(row, "server_close"));
      assertEquals("", cell(row, "ping_timeout"), "a reason the server does not report is unknown, not 0");
      assertEquals("5", cell(row, "accept_failures"));
      assertEquals("4.5", cell(row, "event_loop_lag_ms"));
      assertTrue(Long.parseLong(cell(row, "tcp_established")) >= 3, "the accepted sockets: " + row);
      assertTrue(Long.parseLong(cell(row, "rss_bytes")) > 0, "this JVM watched as the server's process");

      TimelineStats stats = sampler.stats();
      assertEquals(3, stats.total("connects"));
      assertEquals(3, stats.totals("disconnects").get("server-close"));
      assertEquals(5, stats.totals("acceptFailures").get("EMFILE"));
      assertEquals(3, stats.peakHeld());
      assertTrue(stats.openFileLimit() > 0, "read from /proc/<pid>/limits");
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals(TimelineColumns.header(), lines.get(0));
    assertEquals(4, lines.size(), "header, two samples, and the last one taken on close");
  }

  @Test
  void aServerThatStopsAnsweringLeavesItsCountersEmptyAndIsMeasuredSilent(@TempDir Path dir) throws Exception {
    try (TimelineSampler sampler = new TimelineSampler(dir.resolve("t.csv"), new TimelineSampler.Watched(url(), -1))) {
      status.set("{\"connected\":1,\"connects\":1}");
      sampler.sample();
      status.set(null);
      TimelineRow silent = sampler.sample();
      assertNull(silent.connected());
      assertNull(silent.connects());
      assertNull(silent.rssBytes(), "no pid, no process figures");
    }
  }

  @Test
  void aServerThatIsGoneGivesEmptyCellsNotAnError(@TempDir Path dir) throws Exception {
    try (TimelineSampler sampler = new TimelineSampler(dir.resolve("t.csv"),
        new TimelineSampler.Watched(URI.create("wss://127.0.0.1:1"), 999_999_999L))) {
      List<String> row = TimelineColumns.cells(sampler.sample());
      assertEquals("", cell(row, "connected"));
      assertEquals("", cell(row, "rss_bytes"));
      assertEquals("", cell(row, "held"), "no clients' count given");
      if (ProcNetTcp.available()) {
        assertEquals("0", cell(row, "tcp_established"), "the OS view still works: nothing on port 1");
      }
      assertTrue(sampler.stats().processGoneAt() > 0);
    }
  }

  @Test
  void onlyAServerOnThisHostIsWatchedThroughThisHostsProc() {
    assertTrue(new TimelineSampler.Watched(URI.create("wss://127.0.0.1:9010"), -1).local());
    assertTrue(new TimelineSampler.Watched(URI.create("wss://localhost:9010"), -1).local());
    // an address of the documentation range (RFC 5737), on no interface here: nothing is sent to it
    assertFalse(new TimelineSampler.Watched(URI.create("wss://192.0.2.10:9010"), -1).local());
  }

  private static String cell(List<String> row, String column) {
    return row.get(TimelineColumns.names().indexOf(column));
  }
}
