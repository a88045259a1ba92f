package simulations.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import lab.config.PropertyReader;
import lab.launch.RestartPlan;
import lab.launch.ServerProcess;
import simulations.ConnectionChurnSimulation;
import simulations.GatlingRun;
import simulations.NodeServer;

/**
 * The same churn, at one or more sizes, against the embedded server and the Node.js reference server in turn,
 * one run at a time on this machine, each server watched by its pid; then a side-by-side table (Markdown and
 * JSON) under results/. Run by compare/run.sh (and bench/capacity.sh); every property of
 * {@code mvn gatling:test} is passed on to each run, plus {@code servers} and {@code sizes} of its own, and
 * {@code users}, the largest batch (sizes are split into batches of at most that many).
 */
public final class SideBySide {

  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  /** This JVM's own properties, and the ones each run gets from {@link GatlingRun}: not passed on. */
  private static final List<String> OWN = List.of("servers", "sizes", "results.dir", "compare.node.dir",
      ServerProcess.SERVER_BUILD, "users", "batches", "duration", "target", "target.pid", "server.port");
  /** The JVM's and the platform's own properties. */
  private static final List<String> PLATFORM_PREFIXES = List.of("java.", "jdk.", "sun.", "os.", "user.", "file.",
      "line.", "path.", "native.", "stdout.", "stderr.", "maven.", "classworlds.", "library.", "jna.", "exec.");

  private SideBySide() {}

  public static void main(String[] args) throws Exception {
    PropertyReader p = PropertyReader.system();
    List<String> servers = List.of(p.string("servers", "embedded,node").split(","));
    List<Integer> sizes = new ArrayList<>();
    for (String size : p.string("sizes", "8000").split(",")) {
      sizes.add(Integer.parseInt(size.trim()));
    }
    int usersPerBatch = p.integer("users", 2000, 1, 100_000);
    Duration lifetime = p.duration("lifetime", Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofHours(1));
    Duration stagger = p.duration("stagger", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
    Path results = Path.of(p.string("results.dir", "results")).toAbsolutePath().normalize();
    Path bench = results.resolve("side-by-side-" + ID.format(Instant.now()));

    ComparisonTable table = new ComparisonTable();
    for (int size : sizes) {
      int batches = Math.max(1, (size + usersPerBatch - 1) / usersPerBatch);
      Map<String, String> profile = new HashMap<>();
      profile.put("users", Integer.toString(size / batches));
      profile.put("batches", Integer.toString(batches));
      // the last batch runs two full lifetimes, as in the seed's default profile
      Duration duration = p.duration("duration", stagger.multipliedBy(batches - 1L).plus(lifetime.multipliedBy(2)).plusSeconds(30),
          Duration.ofSeconds(1), Duration.ofDays(1));
      profile.put("duration", duration.toSeconds() + "s");
      profile.putAll(knobs(p));
      for (String server : servers) {
        Path out = bench.resolve(server.trim() + "-" + size);
        System.out.printf("%n== %s at %d connections (%d x %d, %s) -> %s%n", server, size, batches, size / batches, duration, out);
        GatlingRun.Result run = switch (server.trim()) {
          case "embedded" -> runEmbedded(out, profile, duration);
          case "node" -> runNode(out, profile, duration);
          default -> throw new IllegalArgumentException("-Dservers: expected embedded and/or node, not " + server);
        };
        table.add(server.trim(), batches * (size / batches), run.summary());
        System.out.println(run.summary().path("verdictLine").asText());
        write(bench, table); // after every run: a run that dies later loses nothing
      }
    }
    System.out.println();
    System.out.print(table.markdown());
    System.out.println("\n" + bench.resolve("comparison.md"));
  }

  /** Every knob given to this JVM (any -D of mvn gatling:test), as given, for every run. */
  private static Map<String, String> knobs(PropertyReader p) {
    Map<String, String> knobs = new HashMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (!OWN.contains(key) && PLATFORM_PREFIXES.stream().noneMatch(key::startsWith) && p.raw(key) != null) {
        knobs.put(key, p.raw(key));
      }
    }
    return knobs;
  }

  private static GatlingRun.Result runEmbedded(Path out, Map<String, String> profile, Duration duration) throws Exception {
    Map<String, String> props = new HashMap<>(profile);
    props.put("server.port", "0");
    return GatlingRun.run(ConnectionChurnSimulation.class, out, props, duration.plusMinutes(5));
  }

  private static GatlingRun.Result runNode(Path out, Map<String, String> profile, Duration duration) throws Exception {
    AtomicReference<ServerProcess> node = new AtomicReference<>(NodeServer.start(0, Map.of(), out.resolve("node-server.log")));
    Thread restarter = null;
    try {
      Map<String, String> props = new HashMap<>(profile);
      // a restart is carried out here, as the run does for the embedded server; the embedded server's other
      // knobs and faults are not the Node server's: said, and left out of its run
      Optional<RestartPlan> restart = RestartPlan.of(props.get("fault"));
      List<String> embeddedOnly = props.keySet().stream()
          .filter(k -> k.startsWith("server.") || k.startsWith("fault")).sorted().toList();
      embeddedOnly.forEach(props::remove);
      if (restart.isPresent()) {
        restarter = restartLater(node, restart.get(), out);
      }
      List<String> dropped = new ArrayList<>(embeddedOnly);
      if (restart.isPresent() && RestartPlan.without(profile.get("fault")) == null) {
        dropped.remove("fault"); // all it asked for is carried out
      }
      if (!dropped.isEmpty()) {
        System.out.println("node: " + dropped + " apply to the embedded server only; its run goes without them");
      }
      props.put("target", node.get().url());
      props.put("target.pid", Long.toString(node.get().pid()));
      return GatlingRun.run(ConnectionChurnSimulation.class, out, props, duration.plusMinutes(5));
    } finally {
      if (restarter != null) {
        restarter.interrupt();
        restarter.join(30_000);
      }
      node.get().stop();
    }
  }

  /** restart-at for the Node server: killed at T from its start, a new one on the same port after the downtime. */
  private static Thread restartLater(AtomicReference<ServerProcess> node, RestartPlan plan, Path out) {
    int port = node.get().port();
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(plan.at().toMillis());
        System.out.println("node: restart-at: killing the server (pid " + node.get().pid() + ")");
        node.get().kill();
        Thread.sleep(plan.downtime().toMillis());
        node.set(NodeServer.start(port, Map.of(), out.resolve("node-server-2.log")));
        System.out.println("node: restart-at: the server is back (pid " + node.get().pid() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the run ended first
      } catch (IOException e) {
        System.err.println("node: restart-at: the server did not come back: " + e.getMessage());
      }
    }, "node-restart");
    t.setDaemon(true);
    t.start();
    return t;
  }


  private static void write(Path bench, ComparisonTable table) throws Exception {
    Files.createDirectories(bench);
    Files.writeString(bench.resolve("comparison.md"), table.markdown());
    Files.writeString(bench.resolve("comparison.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(Map.of("runs", table.rows(), "recoveries", table.recoveries())));
  }
}
