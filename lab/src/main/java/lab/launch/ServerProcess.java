package lab.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the server as a child JVM on its own classpath (Netty 4.1, whatever the parent runs on), waits until
 * it listens, and stops it. It never outlives its parent: a shutdown hook stops it when the parent exits,
 * and if the parent is killed outright the child sees its stdin close and exits by itself.
 * Plain JDK code, so that the Gatling JVM can use it without the server's libraries.
 */
public final class ServerProcess implements AutoCloseable {

  /** The line ServerMain prints once it listens: {@code listening on wss://127.0.0.1:9010 (pid 123)}. */
  private static final Pattern READY = Pattern.compile("listening on (wss?|http)://([^:\\s]+):(\\d+) \\(pid (\\d+)\\)");
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** The system property naming the server module's build output (its target/ folder). */
  public static final String SERVER_BUILD = "lab.serverBuild";

  private final Process process;
  private final Path log;
  private final Thread reaper;
  private final String url;
  private final int port;

  private ServerProcess(Process process, Path log, String url, int port) {
    this.process = process;
    this.log = log;
    this.url = url;
    this.port = port;
    this.reaper = new Thread(this::stopQuietly, "server-process-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** The keystore's password: given to the child in its environment, {@link #KEYSTORE_PASSWORD_ENV}, never as -D. */
  public static final String KEYSTORE_PASSWORD = "server.keystore.password";
  public static final String KEYSTORE_PASSWORD_ENV = "SERVER_KEYSTORE_PASSWORD";

  /**
   * Starts {@code server.ServerMain} with {@code properties} as -D arguments (plus {@code jvmArgs}), its
   * output going to {@code log}; returns once it listens, or throws with the end of its log.
   */
  public static ServerProcess start(Map<String, String> properties, List<String> jvmArgs, Path log, Duration readyTimeout)
      throws IOException {
    return start(properties, jvmArgs, -1, log, readyTimeout);
  }

  /**
   * The same, with the child's open-file limit ({@code ulimit -n}) set to {@code openFileLimit} when it is
   * positive: to reproduce a server at its limit on purpose.
   */
  public static ServerProcess start(Map<String, String> properties, List<String> jvmArgs, long openFileLimit, Path log,
      Duration readyTimeout) throws IOException {
    List<String> command = new ArrayList<>();
    if (openFileLimit > 0) {
      // the shell sets the limit and then becomes the JVM (exec): the pid stays the server's
      command.addAll(List.of("/bin/sh", "-c", "ulimit -n " + openFileLimit + " && exec \"$@\"", "sh"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Dserver.exitWithParent=true");
    Map<String, String> environment = new HashMap<>();
    properties.forEach((k, v) -> {
      if (k.equals(KEYSTORE_PASSWORD)) {
        environment.put(KEYSTORE_PASSWORD_ENV, v); // a command line is readable by every user of the host
      } else {
        command.add("-D" + k + "=" + v);
      }
    });
    command.add("-cp");
    command.add(serverClasspath());
    command.add("server.ServerMain");
    return start(command, environment, log, readyTimeout);
  }

  /**
   * Starts any server that prints the same ready line and exits when its stdin closes (the Node reference
   * server does, with {@code EXIT_WITH_PARENT=true} in {@code environment}).
   */
  public static ServerProcess start(List<String> command, Map<String, String> environment, Path log, Duration readyTimeout)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start(); // stdin stays a pipe to us: when we die, it closes, and the child exits
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
      if (ready.find()) {
        return new ServerProcess(process, log, ready.group(1) + "://" + ready.group(2) + ":" + ready.group(3),
            Integer.parseInt(ready.group(3)));
      }
      if (!process.isAlive()) {
        throw new IOException("the server exited with code " + process.exitValue() + " before listening:\n" + tail(log));
      }
      sleep(50);
    }
    process.destroyForcibly();
    throw new IOException("the server did not listen within " + readyTimeout.toSeconds() + " s:\n" + tail(log));
  }

  /**
   * The server module's classes and runtime libraries, as Maven resolved them: {@code -Dlab.serverBuild} names
   * the server module's target/ folder (the build sets it), which holds classes/ and runtime.classpath.
   */
  static String serverClasspath() {
    String build = System.getProperty(SERVER_BUILD);
    if (build == null || build.isBlank()) {
      throw new IllegalStateException("-D" + SERVER_BUILD + " is not set: it names the server module's target/ folder"
          + " (mvn gatling:test and mvn verify set it)");
    }
    Path dir = Path.of(build);
    Path libraries = dir.resolve("runtime.classpath");
    if (!Files.isReadable(libraries) || !Files.isDirectory(dir.resolve("classes"))) {
      throw new IllegalStateException(dir + " holds no built server (classes/ and runtime.classpath): build it with"
          + " mvn -q -pl lab,server install -DskipTests, or run from the project root");
    }
    try {
      return dir.resolve("classes") + File.pathSeparator + Files.readString(libraries, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public String url() {
    return url;
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once the process has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** SIGKILL: the process ends at once, as a crash would; every connection it held is cut. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM (the server closes cleanly), then SIGKILL if it has not exited within the grace period. */
  public void stop() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }

  private void stopQuietly() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The last lines of a log, for error messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the server", e);
    }
  }
}
