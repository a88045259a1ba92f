package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /status and /metrics tell the truth after N clients connect and M of them leave. */
class StatusEndpointsTest {

  private static final int N = 5;
  private static final int M = 2;

  private ChurnServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void connectNAndLeaveM() throws Exception {
    server = TestServers.start();
    for (int i = 0; i < N; i++) {
      clients.add(TestClient.connect(server.port(), server.certificate().certificate()));
    }
    for (int i = 0; i < M; i++) {
      clients.get(i).leave();
    }
    TestServers.await(5000, () -> server.ledger().connected() == N - M, () -> "connected " + server.ledger().connected());
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    server.stop();
  }

  @Test
  void statusAnswersTheSeedsConnectedCountAndEveryCounter() throws Exception {
    JsonNode status = new ObjectMapper().readTree(TestServers.get(server, "/status"));
    assertEquals(N - M, status.get("connected").asInt());
    assertEquals(N, status.get("connects").asInt());
    assertEquals(N, status.get("peakConnected").asInt());
    assertEquals(M, status.get("disconnects").get("client-left").asInt());
    assertEquals(0, status.get("drops").asInt());
    assertEquals(0, status.at("/acceptFailures/EMFILE").asInt());
    assertTrue(status.get("openFileLimit").asLong() > 0, "read from /proc at start");
    assertEquals(0, status.get("handshakeFailures").get("tls").asInt());
    assertEquals(ProcessHandle.current().pid(), status.get("pid").asLong());
    assertTrue(status.get("heapUsedBytes").asLong() > 0);
    assertTrue(status.get("eventLoopLagMs").isNumber());
  }

  @Test
  void metricsIsPrometheusTextWithOurCountersAndTheJvms() throws Exception {
    String metrics = TestServers.get(server, "/metrics");
    assertTrue(metrics.contains("\nsocketio_connected " + (N - M) + ".0\n"), metrics);
    assertTrue(metrics.contains("\nsocketio_connects_total " + N + ".0\n"), metrics);
    assertTrue(metrics.contains("socketio_disconnects_total{expected=\"true\",reason=\"client-left\"} " + M + ".0\n"), metrics);
    assertTrue(metrics.contains("socketio_disconnects_total{expected=\"false\",reason=\"ping-timeout\"} 0.0\n"), metrics);
    assertTrue(metrics.contains("socketio_accept_failures_total{error=\"EMFILE\"} 0.0\n"), metrics);
    assertTrue(metrics.contains("# TYPE jvm_memory_used_bytes gauge"), "JVM memory metrics");
    assertTrue(metrics.contains("# TYPE process_cpu_usage gauge"), "process metrics");
    assertTrue(metrics.contains("# TYPE process_files_open_files gauge"), "file descriptor metrics");
    assertTrue(metrics.contains("# TYPE netty_eventloop_lag_seconds gauge"), "event-loop lag");
  }

  @Test
  void plainHttpRequestsAreNotCountedAsFailedHandshakes() throws Exception {
    for (int i = 0; i < 3; i++) {
      TestServers.get(server, "/status");
    }
    Thread.sleep(200);
    assertEquals(0, server.ledger().handshakeFailures(HandshakeStage.WEBSOCKET));
    assertEquals(0, server.ledger().handshakeFailures(HandshakeStage.TLS));
  }
}
