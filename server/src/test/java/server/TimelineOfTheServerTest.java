package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.timeline.ProcNetTcp;
import lab.timeline.TimelineColumns;
import lab.timeline.TimelineSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's timeline reading this server: with N clients connected and M of them gone, one sample says exactly that, from every source. */
class TimelineOfTheServerTest {

  private static final int N = 6;
  private static final int M = 2;

  @Test
  void oneSampleCountsExactlyWhatHappened(@TempDir Path dir) throws Exception {
    ChurnServer server = TestServers.start();
    List<AutoCloseable> clients = new ArrayList<>();
    int baselines = 0;
    Path csv = dir.resolve("server-timeline.csv");
    try (TimelineSampler sampler = new TimelineSampler(csv,
        new TimelineSampler.Watched(URI.create(server.url()), ProcessHandle.current().pid()))) {
      // the baseline, nothing yet: taken again until /status has answered (a first TLS request in a busy JVM can
      // take longer than one sample waits), so that the next sample's counters are changes from it
      do {
        sampler.sample();
        baselines++;
      } while (sampler.stats().lastStatus() == null && baselines < 20);
      for (int i = 0; i < N; i++) {
        clients.add(TestClient.connect(server.port(), server.certificate().certificate()));
      }
      for (int i = 0; i < M; i++) {
        ((TestClient) clients.get(i)).leave();
      }
      TestServers.await(5000, () -> server.ledger().connected() == N - M, () -> "connected " + server.ledger().connected());
      // the server closes the TCP connection of a leaving client after the websocket close handshake;
      // wait until none is half-closed any more, so that the OS counts below are settled
      long deadline = System.currentTimeMillis() + 5000;
      while (ProcNetTcp.read(server.port()).orElseThrow().closeWait() + ProcNetTcp.read(server.port()).orElseThrow().established()
          != N - M && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }

      List<String> row = TimelineColumns.cells(sampler.sample());
      assertEquals(N - M, Long.parseLong(col(row, "connected")));
      assertEquals(N, Long.parseLong(col(row, "connects")));
      assertEquals(M, Long.parseLong(col(row, "client_left")));
      assertEquals(0, Long.parseLong(col(row, "transport_close")));
      assertEquals(0, Long.parseLong(col(row, "ping_timeout")));
      assertEquals(0, Long.parseLong(col(row, "server_close")));
      assertEquals(0, Long.parseLong(col(row, "server_shutdown")));
      assertEquals(0, Long.parseLong(col(row, "accept_failures")));
      assertEquals(0, Long.parseLong(col(row, "handshake_failures")));
      assertEquals(N - M, Long.parseLong(col(row, "tcp_established")), "server-side ESTABLISHED on the port");
      assertEquals(0, Long.parseLong(col(row, "tcp_close_wait")));
      assertEquals(N - M, Long.parseLong(col(row, "perfmon_established")));
      assertTrue(Long.parseLong(col(row, "rss_bytes")) > 0);
      assertTrue(Long.parseLong(col(row, "heap_used_bytes")) > 0);
      assertTrue(Long.parseLong(col(row, "threads")) > 0);
      assertTrue(Long.parseLong(col(row, "open_fds")) > 0);
      assertTrue(Double.parseDouble(col(row, "cpu_percent")) >= 0);
      assertTrue(Double.parseDouble(col(row, "event_loop_lag_ms")) >= 0);

      assertEquals(N, sampler.stats().peakConnected());
      assertEquals(N, sampler.stats().total("connects"), "this run's, from the first sample on");
      assertEquals(N - M, sampler.stats().lastStatus().get("connected").asInt());
    } finally {
      for (AutoCloseable c : clients) {
        c.close();
      }
      server.stop();
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals(TimelineColumns.header(), lines.get(0));
    assertEquals(baselines + 3, lines.size(), "header, the baselines, one sample, and the last one taken on close");
  }

  private static String col(List<String> row, String name) {
    return row.get(TimelineColumns.names().indexOf(name));
  }
}
