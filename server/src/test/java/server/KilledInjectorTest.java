package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lab.timeline.PortCounts;
import lab.timeline.ProcNetTcp;
import org.junit.jupiter.api.Test;

/**
 * An injector killed with SIGKILL (an OOM kill, a kill -9 of a stuck run) says goodbye to no one: the server must
 * still release every socket it held, with none left in CLOSE_WAIT, within pingInterval + pingTimeout.
 */
class KilledInjectorTest {

  private static final int CONNECTIONS = 200;
  private static final Duration PING_INTERVAL = Duration.ofSeconds(1);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofSeconds(1);

  @Test
  void everySocketOfAKilledInjectorIsReleasedWithinPingIntervalPlusPingTimeout() throws Exception {
    assumeTrue(ProcNetTcp.available(), "needs /proc/net/tcp");
    ChurnServer server = TestServers.start("server.pingInterval", PING_INTERVAL.toMillis() + "ms",
        "server.pingTimeout", PING_TIMEOUT.toMillis() + "ms");
    Path certificate = Files.createTempFile("server-certificate", ".der");
    Process injector = null;
    try {
      Files.write(certificate, server.certificate().certificate().getEncoded());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      injector = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          InjectorToKill.class.getName(), Integer.toString(server.port()), certificate.toString(),
          Integer.toString(CONNECTIONS)).redirectErrorStream(true).start();
      awaitReady(injector);
      assertEquals(CONNECTIONS, server.ledger().connected());
      assertTrue(counts(server).established() >= CONNECTIONS, () -> "before the kill: " + counts(server));

      long killed = System.nanoTime();
      injector.destroyForcibly();
      assertTrue(injector.waitFor(10, TimeUnit.SECONDS), "the injector died");
      long bound = PING_INTERVAL.plus(PING_TIMEOUT).plus(MARGIN).toMillis();
      TestServers.await(bound, () -> server.ledger().connected() == 0 && counts(server).established() == 0
              && counts(server).closeWait() == 0,
          () -> "after the kill: " + server.ledger().connected() + " connected, " + counts(server));
      System.out.println("released all " + CONNECTIONS + " sockets " + (System.nanoTime() - killed) / 1_000_000
          + " ms after the kill (bound " + bound + " ms)");
    } finally {
      if (injector != null) {
        injector.destroyForcibly();
        injector.waitFor(10, TimeUnit.SECONDS);
      }
      server.stop();
      Files.deleteIfExists(certificate);
    }
  }

  private static PortCounts counts(ChurnServer server) {
    return ProcNetTcp.read(server.port()).orElseThrow();
  }

  /** Waits up to 60 s for the injector's "ready" line; its output so far if it never comes. */
  private static void awaitReady(Process injector) throws Exception {
    StringBuilder output = new StringBuilder();
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(injector.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.append(line).append('\n');
          if (line.startsWith("ready")) {
            return true;
          }
        }
        return false;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    try {
      assertTrue(ready.get(60, TimeUnit.SECONDS), () -> "the injector died before ready: " + output);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no ready line from the injector in 60 s: " + output);
    }
  }
}
