package simulations.injectors;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;

/**
 * The other injector JVMs of a {@code -Dinjectors=N} run, on this host: each a Gatling JVM like this one, with this
 * one's options and -D knobs, playing shard i/N against this run's server into a folder of this run. They start
 * their load together with this one (each says when it is ready; this run then gives them one start time), they
 * exit if this JVM dies, and their counts are read back at the end, and live for the timeline.
 */
public final class Injectors {

  /** Set on a child: it waits for its start time in {@link #START_FILE} and exits when its parent does. */
  public static final String STARTED_BY_RUN = "lab.startedByRun";
  private static final String READY_FILE = "ready";
  private static final String START_FILE = "start";
  /** The secrets among the knobs reach a child in its environment, not on a command line every user can read. */
  public static final String SECRETS_ENV = "CONNECTION_DROP_SECRETS";
  private static final Set<String> SECRETS = Set.of("auth", "headers", "target.truststorePassword");
  /** Knobs a child does not inherit: this run's own, and the embedded server's (the child loads it, not starts it). */
  private static final Set<String> NOT_INHERITED = Set.of("injectors", "shard", "start.at", "target", "target.pid",
      "target.agent", "fault", "fault.restarted", "results.dir", "gatling.results.dir", "source.addresses", STARTED_BY_RUN);

  /** A child: its share, its process, its folder (its results.dir) and its console's log. */
  private record Child(Shard shard, Process process, Path dir, Path log) {}

  /** What a child left: its counts, or why there are none. */
  private record Outcome(Child child, Optional<Path> runDir, Optional<ClientCounts> counts, String problem) {}

  /**
   * Every injector's clients as one: this JVM's counts and the others' added up, what the summary says of each
   * other one, and those that did not play their share to its end with their report, each with why.
   */
  public record Merged(ClientCounts clients, List<Map<String, Object>> others, List<String> lost) {}

  private final List<Child> children;
  /** Children not ready in time (their load never started), each with why. */
  private final List<String> notStarted = new CopyOnWriteArrayList<>();
  private volatile List<Outcome> outcomes;

  private Injectors(List<Child> children) {
    this.children = children;
  }

  public static Injectors none() {
    return new Injectors(List.of());
  }

  /**
   * Starts injectors 2..n of {@code simulation} against {@code target} (its -Dtarget), each into {@code work}/injector-i,
   * their connections leaving from {@code sourceAddresses} as this JVM's do (the host's ports are shared by all).
   */
  public static Injectors start(String simulation, int n, String target, List<String> sourceAddresses, Path work)
      throws IOException {
    List<String> inherited = new ArrayList<>();
    StringBuilder secrets = new StringBuilder();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      String key = arg.startsWith("-D") ? arg.substring(2).split("=", 2)[0] : null;
      if (key != null && SECRETS.contains(key)) {
        secrets.append(arg.substring(2)).append('\n');
      } else if (key == null || !NOT_INHERITED.contains(key) && !key.startsWith("server.")) {
        inherited.add(arg);
      }
    }
    List<Child> children = new ArrayList<>();
    try {
      for (int i = 2; i <= n; i++) {
        Shard shard = new Shard(i, n);
        Path dir = work.resolve("injector-" + i);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(inherited);
        if (!sourceAddresses.isEmpty()) {
          command.add("-Dsource.addresses=" + String.join(",", sourceAddresses));
        }
        command.addAll(List.of("-Dshard=" + shard, "-Dtarget=" + target, "-D" + STARTED_BY_RUN + "=true",
            "-Dresults.dir=" + dir, "-Dgatling.results.dir=" + dir.resolve("gatling"),
            "-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling", "-s", simulation,
            "-rf", dir.resolve("gatling").toString()));
        Path log = dir.resolve("gatling-run.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (!secrets.isEmpty()) {
          builder.environment().put(SECRETS_ENV, secrets.toString());
        }
        Process process = builder.start(); // its stdin stays a pipe to us: our end is its end
        children.add(new Child(shard, process, dir, log));
        System.out.println("injector " + shard + ": pid " + process.pid() + ", log " + log);
      }
    } catch (IOException | RuntimeException e) {
      new Injectors(children).stop();
      throw e;
    }
    return new Injectors(children);
  }

  /**
   * Starts the load in every child together, once each is up (a Gatling JVM takes seconds to start), or by
   * {@code readyTimeout}; returns the start time (epoch ms), a moment from now, for this JVM's load too.
   */
  public long startTogether(Duration readyTimeout) throws IOException {
    notStarted.addAll(awaitReady(System.currentTimeMillis() + readyTimeout.toMillis()));
    notStarted.forEach(i -> System.err.println("connection-drop: injector " + i + ": its load does not start"));
    long startAt = System.currentTimeMillis() + 200; // time for each to read it
    startAt(startAt);
    return startAt;
  }

  /**
   * A child's side of {@link #startTogether}: says it is ready in its {@code resultsDir}, then waits for the start
   * time the run writes there.
   */
  public static long startTimeFromTheRun(Path resultsDir, Duration timeout) throws IOException {
    Files.writeString(resultsDir.resolve(READY_FILE), "");
    Path start = resultsDir.resolve(START_FILE);
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (!Files.exists(start) && System.currentTimeMillis() < deadline) {
      sleep(20);
    }
    try {
      return Long.parseLong(Files.readString(start).trim());
    } catch (NumberFormatException e) {
      throw new IOException("no start time in " + start + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until every child says it is ready (its Gatling is up, its load waits for a start time), until
   * {@code deadline}; returns the shards that are not, each with why (they are stopped).
   */
  private List<String> awaitReady(long deadline) {
    List<String> missing = new ArrayList<>();
    for (Child c : children) {
      while (!Files.exists(c.dir().resolve(READY_FILE)) && c.process().isAlive() && System.currentTimeMillis() < deadline) {
        sleep(50);
      }
      if (!Files.exists(c.dir().resolve(READY_FILE))) {
        missing.add(c.shard() + (c.process().isAlive() ? " (not ready in time)" : " (exited with " + c.process().exitValue()
            + ": " + lastLine(c.log()) + ")"));
        c.process().destroy();
      }
    }
    return missing;
  }

  /** Gives every child its load's start time (epoch ms). */
  private void startAt(long startAt) throws IOException {
    for (Child c : children) {
      Path next = c.dir().resolve(START_FILE + ".next");
      Files.writeString(next, Long.toString(startAt));
      Files.move(next, c.dir().resolve(START_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The children's clients now, summed (each writes its own ten times a second). */
  public ClientSeries.Point live() {
    ClientSeries.Point sum = new ClientSeries.Point(0, 0, 0, 0, 0, 0, 0);
    for (Child c : children) {
      sum = sum.plus(InjectorFile.readLive(c.dir().resolve(InjectorFile.LIVE)));
    }
    return sum;
  }

  /** Asks every child still running to stop (as Ctrl-C would: each writes its report). */
  public void stop() {
    children.forEach(c -> c.process().destroy());
  }

  /** Waits, once, for every child to end, until {@code deadline} (then stops it), and reads what each left. */
  public synchronized void awaitEnd(long deadline) {
    if (outcomes == null) {
      outcomes = await(deadline);
    }
  }

  /** This JVM's clients and every other injector's (see {@link #awaitEnd}), as one. */
  public Merged merge(ClientCounts own) {
    ClientCounts clients = own;
    List<String> lost = new ArrayList<>(notStarted.stream().map(i -> i + ": its load did not start").toList());
    List<Map<String, Object>> others = new ArrayList<>();
    for (Outcome o : outcomes == null ? List.<Outcome>of() : outcomes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shard", o.child().shard().toString());
      m.put("pid", o.child().process().pid());
      m.put("exitCode", o.child().process().isAlive() ? null : o.child().process().exitValue());
      m.put("folder", o.runDir().map(d -> o.child().dir().getParent().relativize(d).toString()).orElse(null));
      if (o.counts().isPresent()) {
        ClientCounts c = o.counts().get();
        m.put("lifetimes", c.lifetimes());
        m.put("peakHeld", c.peakHeld());
        m.put("dropsSeen", c.totalDrops());
        m.put("failedConnects", c.totalFailedConnects());
        clients = clients.plus(c);
      }
      if (o.problem() != null) {
        m.put("problem", o.problem());
        lost.add(o.child().shard() + " " + o.problem());
      }
      others.add(m);
    }
    return new Merged(clients, others, lost);
  }

  private List<Outcome> await(long deadline) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Child c : children) {
      try {
        long left = Math.max(0, deadline - System.currentTimeMillis());
        if (!c.process().waitFor(left, TimeUnit.MILLISECONDS)) {
          c.process().destroy();
          if (!c.process().waitFor(20, TimeUnit.SECONDS)) {
            c.process().destroyForcibly().waitFor();
          }
        }
        tidy(c.dir());
        Optional<Path> file = find(c.dir());
        if (file.isEmpty()) {
          outcomes.add(new Outcome(c, Optional.empty(), Optional.empty(), "ended (exit " + c.process().exitValue()
              + ") without its report: " + lastLine(c.log())));
        } else {
          outcomes.add(new Outcome(c, Optional.of(file.get().getParent()), Optional.of(InjectorFile.read(file.get())), null));
        }
      } catch (IOException e) {
        outcomes.add(new Outcome(c, Optional.empty(), Optional.empty(), "its counts cannot be read: " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcomes.add(new Outcome(c, Optional.empty(), Optional.empty(), "not awaited: interrupted"));
      }
    }
    return outcomes;
  }

  /** What only served while it ran: its ready and start files, its live counts, Gatling's emptied folder. */
  private static void tidy(Path dir) throws IOException {
    for (String name : new String[] {READY_FILE, START_FILE, InjectorFile.LIVE, InjectorFile.LIVE + ".next"}) {
      Files.deleteIfExists(dir.resolve(name));
    }
    try (Stream<Path> left = Files.isDirectory(dir.resolve("gatling")) ? Files.list(dir.resolve("gatling")) : Stream.empty()) {
      if (left.findAny().isEmpty()) {
        Files.deleteIfExists(dir.resolve("gatling"));
      }
    }
  }

  /** The child's run folder's injector.json: the one folder its report step made under its results.dir. */
  private static Optional<Path> find(Path dir) throws IOException {
    try (Stream<Path> runs = Files.list(dir)) {
      return runs.map(r -> r.resolve(InjectorFile.NAME)).filter(Files::isRegularFile).findFirst();
    }
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return lines.stream().filter(l -> l.startsWith("connection-drop")).reduce((a, b) -> b)
          .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
