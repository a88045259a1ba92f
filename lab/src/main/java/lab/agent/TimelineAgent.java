package lab.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import lab.launch.ParentWatch;
import lab.launch.ServerProcess;
import lab.timeline.ProcessStats;
import lab.timeline.ServerHost;

/**
 * The timeline's eyes on the server's host, for a server the injector cannot see from its own (-Dtarget on
 * another host): answers {@code GET /sample} with the port's sockets by state and the process's RSS, CPU,
 * threads, open files and limit, read here as a local run reads them. The injector asks once a second
 * ({@code -Dtarget.agent}); the agent keeps nothing and writes nothing.
 *
 * <pre>java -cp lab.jar:jackson...:jna.jar lab.agent.TimelineAgent -Dagent.port=9010 -Dagent.pid=1234</pre>
 * (bench/agent.sh builds that command.)
 */
public final class TimelineAgent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TimelineAgent() {}

  /**
   * An agent as a child of this JVM, on this host, answering on 127.0.0.1 at a free port ({@link ServerProcess#url()}),
   * gone with its parent.
   */
  public static ServerProcess start(int port, long pid, Path log) throws IOException {
    return ServerProcess.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dagent.port=" + port, "-Dagent.pid=" + pid, "-Dagent.host=127.0.0.1", "-Dagent.listen=0",
        "-Dagent.exitWithParent=true", "-cp", System.getProperty("java.class.path"), TimelineAgent.class.getName()),
        Map.of(), log, Duration.ofSeconds(30));
  }

  public static void main(String[] args) throws IOException {
    try {
      start();
    } catch (InvalidPropertyException e) {
      System.err.println("connection-drop timeline agent: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void start() throws IOException {
    PropertyReader p = PropertyReader.system();
    int watchedPort = p.integer("agent.port", 9010, 1, 65535);
    long watchedPid = p.integer("agent.pid", -1, -1, Integer.MAX_VALUE);
    String host = p.string("agent.host", "0.0.0.0");
    int listen = p.integer("agent.listen", 7010, 0, 65535);
    if (watchedPid > 0 && ProcessStats.read(watchedPid).isEmpty()) {
      throw new InvalidPropertyException("-Dagent.pid=" + watchedPid + ": no such process on this host");
    }
    ServerHost here = ServerHost.here();
    JSON.writeValueAsString(here.read(watchedPort, watchedPid).toJson()); // once before answering: a warm first answer
    HttpServer server = HttpServer.create(new InetSocketAddress(host, listen), 16);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "agent-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/sample", exchange -> answer(exchange, here, watchedPort, watchedPid));
    server.start();
    if (Boolean.getBoolean("agent.exitWithParent")) {
      ParentWatch.exitWhenStdinCloses();
    }
    System.out.println("connection-drop timeline agent: port " + watchedPort + ", pid "
        + (watchedPid > 0 ? watchedPid : "(none: sockets only)") + ", " + here.name());
    System.out.println("listening on http://" + host + ":" + server.getAddress().getPort() + " (pid "
        + ProcessHandle.current().pid() + ")");
    System.out.flush();
  }

  /** {@code ?port=P&pid=N} may name another port or process (a restarted server) than the agent's own. */
  private static void answer(HttpExchange exchange, ServerHost here, int watchedPort, long watchedPid) throws IOException {
    int port = watchedPort;
    long pid = watchedPid;
    String query = exchange.getRequestURI().getRawQuery();
    try {
      for (String pair : query == null ? new String[0] : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("port")) {
          port = Integer.parseInt(kv[1]);
        } else if (kv.length == 2 && kv[0].equals("pid")) {
          pid = Long.parseLong(kv[1]);
        }
      }
    } catch (NumberFormatException e) {
      send(exchange, 400, "port and pid are numbers\n");
      return;
    }
    send(exchange, 200, JSON.writeValueAsString(here.read(port, pid).toJson()));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
