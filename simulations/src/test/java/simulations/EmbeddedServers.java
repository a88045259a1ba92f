package simulations;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import lab.launch.ServerProcess;

/**
 * The embedded server JVMs of a run: the first one, with -Dfault, and with -Dserver.instances=N the others, each
 * on the port after the previous one's (or a free one with -Dserver.port=0) and without -Dfault, so that a fault on
 * the first shows against healthy neighbours. They start at once where their ports allow, and stop together.
 */
final class EmbeddedServers {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** A server that did not start, and why, in one line. */
  static final class NotStarted extends Exception {
    NotStarted(String reason) {
      super(reason, null, false, false);
    }
  }

  private final ChurnConfig config;
  private final Path work;
  /** The first one: replaced when the run restarts it (-Dfault=restart-at). */
  private volatile ServerProcess first;
  private final List<ServerProcess> others = new CopyOnWriteArrayList<>();

  EmbeddedServers(ChurnConfig config, Path work) {
    this.config = config;
    this.work = work;
  }

  /** Server i's (from 1) status file, which its timeline reads. */
  Path statusFile(int instance) {
    return work.resolve(instance == 1 ? "server-status.json" : "server-status-" + instance + ".json");
  }

  /**
   * Starts every server with {@code properties} (the -Dserver.* knobs, the first one's status file, and -Dfault for
   * the first). Those that started are kept to be stopped even when another did not.
   */
  void start(Map<String, String> properties) throws NotStarted {
    boolean freePorts = "0".equals(properties.get("server.port"));
    List<CompletableFuture<ServerProcess>> starting = freePorts ? startOthers(properties, 0) : List.of();
    try {
      first = start(properties, "server.log");
      System.out.println("embedded server: " + first.url() + " (pid " + first.pid() + "), log " + work.resolve("server.log"));
      if (!freePorts) {
        starting = startOthers(properties, first.port());
      }
    } finally {
      awaitOthers(starting);
    }
  }

  private List<CompletableFuture<ServerProcess>> startOthers(Map<String, String> properties, int firstPort) {
    List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
    for (int i = 2; i <= config.serverInstances; i++) {
      Map<String, String> clean = with(properties, "server.port", Integer.toString(firstPort == 0 ? 0 : firstPort + i - 1));
      clean.remove("fault");
      clean.put("server.statusFile", statusFile(i).toString());
      String log = "server-instance-" + i + ".log";
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return start(clean, log);
        } catch (NotStarted e) {
          throw new CompletionException(e);
        }
      }));
    }
    return starting;
  }

  private void awaitOthers(List<CompletableFuture<ServerProcess>> starting) throws NotStarted {
    NotStarted failed = null;
    for (int i = 0; i < starting.size(); i++) {
      try {
        ServerProcess other = starting.get(i).join();
        others.add(other);
        System.out.println("embedded server " + (i + 2) + ": " + other.url() + " (pid " + other.pid() + "), log "
            + work.resolve("server-instance-" + (i + 2) + ".log"));
      } catch (CompletionException e) {
        failed = e.getCause() instanceof NotStarted n ? n : new NotStarted(String.valueOf(e.getCause()));
      }
    }
    if (failed != null && first != null) {
      throw failed;
    }
  }

  private ServerProcess start(Map<String, String> properties, String log) throws NotStarted {
    try {
      return ServerProcess.start(properties, config.serverJvmArgs, config.serverOpenFileLimit, work.resolve(log),
          READY_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      throw new NotStarted(failure(e));
    }
  }

  /** One line: the server's own error line if it printed one, else the launcher's. */
  static String failure(Exception e) {
    String message = String.valueOf(e.getMessage());
    for (String line : message.lines().toList()) {
      if (line.startsWith("connection-drop server: ")) {
        return line.substring("connection-drop server: ".length());
      }
    }
    return message.lines().findFirst().orElse(e.toString());
  }

  ServerProcess first() {
    return first;
  }

  /** The first one came back as another process after a restart. */
  void replaceFirst(ServerProcess again) {
    first = again;
  }

  /** Every server's URL, the first one first. */
  List<URI> urls() {
    List<URI> urls = new ArrayList<>();
    all().forEach(s -> urls.add(URI.create(s.url())));
    return urls;
  }

  /** Server i's (from 1) process. */
  ServerProcess get(int instance) {
    return all().get(instance - 1);
  }

  /** Stops them all; returns the exit code of one that had ended by itself before, or null. */
  Integer stop() {
    Integer ended = null;
    for (ServerProcess s : all()) {
      if (!s.isAlive() && ended == null) {
        ended = s.exitValue();
      }
      s.stop();
    }
    return ended;
  }

  private List<ServerProcess> all() {
    List<ServerProcess> all = new ArrayList<>();
    if (first != null) {
      all.add(first);
    }
    all.addAll(others);
    return all;
  }

  private static Map<String, String> with(Map<String, String> properties, String key, String value) {
    Map<String, String> m = new HashMap<>(properties);
    m.put(key, value);
    return m;
  }
}
