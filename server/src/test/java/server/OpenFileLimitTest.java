package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.launch.ServerProcess;
import lab.timeline.ProcessStats;
import lab.timeline.StatusClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server at its open-file limit: every failed accept is counted by its error in /status, the log says so in
 * at most one line a second with no stack trace, and the server takes connections again once files are free.
 */
class OpenFileLimitTest {

  /** About 60 files are open once the server listens: room for about 60 connections. */
  private static final int LIMIT = 120;
  private static final int CLIENTS = 150;

  @Test
  void failedAcceptsAreCountedByErrorAndLoggedOnceASecond(@TempDir Path dir) throws Exception {
    Path statusFile = dir.resolve("status.json");
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0", "server.statusFile", statusFile.toString()),
        List.of("-Xmx256m"), LIMIT, dir.resolve("server.log"), Duration.ofSeconds(30));
    List<Socket> clients = new ArrayList<>();
    long heldFor;
    try {
      assertEquals(LIMIT, ProcessStats.openFileLimit(server.pid()), "the launcher set the child's limit");
      long start = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000); // completes in the backlog
        clients.add(s);
      }
      Thread.sleep(3000); // Netty retries accepting once a second
      heldFor = (System.nanoTime() - start) / 1_000_000_000;
      for (Socket s : clients) {
        s.close();
      }
      clients.clear();

      JsonNode status = awaitAcceptFailures(statusFile);
      assertEquals(LIMIT, status.get("openFileLimit").asLong());
      assertEquals(0, status.at("/acceptFailures/ENFILE").asLong());
      assertEquals(0, status.at("/acceptFailures/OTHER").asLong());
      // the server recovers: a new connection is accepted and answered
      assertTrue(new StatusClient(URI.create(server.url()), null).read().isPresent(), "/status answers again");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
      server.stop();
    }
    String log = Files.readString(dir.resolve("server.log"));
    long lines = log.lines().filter(l -> l.contains("accept failed")).count();
    assertTrue(lines >= 1 && lines <= heldFor + 2, lines + " lines in " + heldFor + " s:\n" + log);
    assertTrue(log.contains("EMFILE"), log);
    assertTrue(log.contains("the process is at its open-file limit (ulimit -n), " + LIMIT + " files"), log);
    assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
    assertFalse(log.contains("reached at the tail of the pipeline"), log);
  }

  private static JsonNode awaitAcceptFailures(Path statusFile) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonNode status = read(statusFile);
    while (status.at("/acceptFailures/EMFILE").asLong() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      status = read(statusFile);
    }
    assertTrue(status.at("/acceptFailures/EMFILE").asLong() > 0, status.toString());
    return status;
  }

  private static JsonNode read(Path statusFile) throws Exception {
    return new ObjectMapper().readTree(statusFile.toFile());
  }
}
