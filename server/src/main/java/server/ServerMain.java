package server;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import lab.launch.ParentWatch;

/**
 * Runs the server alone: reads the -D properties, prints them, listens, and runs until SIGTERM or Ctrl-C.
 * The line {@code listening on wss://127.0.0.1:9010 (pid N)} is what the launcher waits for.
 */
public final class ServerMain {

  public static final String READY_PREFIX = "listening on ";

  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerConfig config;
    try {
      config = ServerConfig.fromSystemProperties();
    } catch (IllegalArgumentException e) {
      System.err.println("connection-drop server: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("connection-drop server");
    for (Map.Entry<String, String> knob : config.describe().entrySet()) {
      System.out.printf("  %-26s %s%n", knob.getKey(), knob.getValue());
    }

    ChurnServer server = new ChurnServer(config);
    try {
      ServerClasses.loadAll();
      server.start();
    } catch (RuntimeException e) {
      System.err.println("connection-drop server: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("  tls implementation         " + server.tlsImplementation());
    StatusFile statusFile = config.statusFile == null ? null : StatusFile.start(config.statusFile, server.status()::json);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ConnectionLedger ledger = server.ledger();
      if (statusFile != null) {
        statusFile.close();
      }
      server.stop();
      System.out.printf("stopped: %d connects, %d drops, peak %d connected%n",
          ledger.connects(), ledger.drops(), ledger.peakConnected());
      System.out.flush();
      stopped.countDown();
    }, "server-shutdown"));
    if (Boolean.getBoolean("server.exitWithParent")) {
      ParentWatch.exitWhenStdinCloses();
    }
    System.out.println(READY_PREFIX + server.url() + " (pid " + ProcessHandle.current().pid() + ")");
    System.out.flush();
    stopped.await();
  }
}
