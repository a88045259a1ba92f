package simulations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import lab.launch.RestartPlan;
import lab.timeline.HostLimits;
import lab.timeline.TimelineSampler;
import lab.timeline.Trust;
import simulations.injectors.EnterpriseRun;
import simulations.injectors.Injectors;
import simulations.injectors.Shard;
import simulations.report.Leaks;
import simulations.socketio.SocketIoFrames;

/**
 * Every knob of the Gatling JVM (the load, the server it starts or the target it names, the thresholds and
 * expectations of the verdict), each read once from -D properties, validated, and printed at start. The
 * defaults of {@link #SEED} reproduce the 2014 report: 4 batches of 2000 connections, each living 3 minutes and
 * pinging every 40 s, the 4th batch running through more than two full lifetimes. docs/configuration.md lists them.
 */
public final class ChurnConfig {

  /**
   * Defaults of one kind of run; any of them can still be overridden with -D. A search (the breaking point) gives
   * {@code maxConnections} instead: a batch every stagger up to it, then one more stagger at the top.
   */
  public record Defaults(int users, int batches, Duration lifetime, Duration ping, Duration stagger, Duration duration,
      int maxConnections) {
    Defaults(int users, int batches, Duration lifetime, Duration ping, Duration stagger, Duration duration) {
      this(users, batches, lifetime, ping, stagger, duration, 0);
    }
  }

  public static final Defaults SEED = new Defaults(2000, 4, Duration.ofMinutes(3), Duration.ofSeconds(40),
      Duration.ofSeconds(30), Duration.ofMinutes(10));

  public static final Defaults SMOKE = new Defaults(50, 2, Duration.ofSeconds(10), Duration.ofSeconds(2),
      Duration.ofSeconds(5), Duration.ofSeconds(30));

  /** The breaking point's: a batch of 2000 every 60 s up to 20,000 connections, with the seed's churn. */
  public static final Defaults SEARCH = new Defaults(2000, 0, Duration.ofMinutes(3), Duration.ofSeconds(40),
      Duration.ofSeconds(60), Duration.ZERO, 20_000);

  /** Knobs of the embedded server's process, for the launcher, not passed to the server's JVM as properties. */
  public static final java.util.Set<String> LAUNCHER_KNOBS = java.util.Set.of("server.jvmArgs", "server.openFileLimit",
      "server.instances");

  /**
   * The embedded server's JVM: the serial collector with a 48 MB young generation (touched once at start: 32 MB
   * more idle RSS than 16 MB, nothing more per connection, a third as many young collections) and an old one kept
   * within 20 % of its live data (no parallel collector's tables, no heap left grown after a refill wave); C1 only
   * (C2 spent a third of a 3-minute run's server CPU compiling); Netty's pooled chunks of 1 MiB, not 4 MiB per
   * event loop; no leak detection (its sampled stack traces cost about 1 % of the CPU). docs/performance.md
   * measures each.
   */
  public static final String SERVER_JVM_ARGS = "-Xms64m -Xmx512m -Xmn48m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10"
      + " -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1 -Dio.netty.allocator.maxOrder=7"
      + " -Dio.netty.leakDetection.level=disabled";

  public final int users;
  public final int batches;
  public final Duration lifetime;
  public final Duration ping;
  public final Duration stagger;
  public final Duration duration;
  public final Duration ramp;
  public final double tolerancePercent;
  /** The server to load, or null for the embedded server started for the run. */
  public final URI target;
  /** Every server of -Dtarget (a comma-separated list: one per instance); empty for the embedded server. */
  public final List<URI> targets;
  /** How many embedded server JVMs the run starts, one port each ({@code -Dserver.instances}). */
  public final int serverInstances;
  /** The pid of a target server on this host, so that the timeline can watch its process; -1 if unknown. */
  public final long targetPid;
  /** The timeline agent beside a target on another host (lab.agent.TimelineAgent), or null. */
  public final URI targetAgent;
  public final Duration connectTimeout;
  public final Duration ackTimeout;
  /** Extra JVM arguments of the embedded server's JVM. */
  public final List<String> serverJvmArgs;
  /** The embedded server process's open-file limit (ulimit -n), or -1 to inherit this one's. */
  public final int serverOpenFileLimit;
  /** The Socket.IO dialect spoken: Engine.IO version, path, namespace, auth, and the ping's event and ack. */
  public final SocketIoFrames frames;
  /** Extra headers of the websocket upgrade request. */
  public final Map<String, String> headers;
  /** Engine.IO 3 only: how often the client sends its heartbeat {@code 2}. */
  public final Duration heartbeat;
  /** The breaking point's thresholds: more than this at one batch is broken. */
  public final long breakDrops;
  public final long breakFailedConnects;
  public final long breakLateAnswers;
  public final Duration breakAckP99;
  /** {@code -Dexpect=holds:N}: a search is expected to hold at least N connections (-1: no expectation). */
  public final int expectHolds;
  /** {@code -Dexpect=recovery:D}: every connection lost in an event is back within D (null: no expectation). */
  public final Duration expectRecovery;
  /** What a connection does after an unexpected end: see {@link Reconnect}. */
  public final Reconnect reconnect;
  /** {@code restart-at} of -Dfault: the embedded server killed and started again, carried out by the run; or null. */
  public final RestartPlan restart;
  /** -Dfault without its restart: what the server itself does. */
  public final String serverFaults;
  /** The faults of the server process that comes back after a restart ({@code -Dfault.restarted}). */
  public final String restartedFaults;
  /** A search's top: its batches go up to this many connections (0 for a churn). */
  public final int maxConnections;
  /** The server certificates the lab accepts: any, or those of -Dtarget.truststore (Gatling reads the same file). */
  public final Trust trust;
  /** Growth per hour that fails a run, judged only over a steady part at least as long as its window. */
  public final Leaks.Thresholds leaks;
  /** How many injector JVMs this run starts on this host to share the batches ({@code -Dinjectors}); 1: this one. */
  public final int injectors;
  /** The batches this injector plays ({@code -Dshard=i/N}); {@link Shard#WHOLE} unless it is one of several. */
  public final Shard shard;
  /** When a shard's load starts, common to all the shards (epoch ms, {@code -Dstart.at}); -1: at once. */
  public final long startAt;
  /** The Gatling Enterprise run this injector is a load generator of, which gives its shard; null elsewhere. */
  public final EnterpriseRun enterprise;
  /**
   * -Dsource.addresses: the addresses this host's connections leave from, in turn (Gatling's localAddresses); empty
   * for the kernel's choice. Each address has its own source ports toward one server.
   */
  public final List<String> sourceAddresses;

  private ChurnConfig(PropertyReader p, Defaults d, HostLimits host, EnterpriseRun enterprise) {
    users = p.integer("users", d.users(), 1, 100_000);
    boolean search = d.maxConnections() > 0;
    stagger = p.duration("stagger", d.stagger(), search ? Duration.ofSeconds(1) : Duration.ZERO, Duration.ofHours(24));
    long fits = host.connections();
    // a search goes by default as high as this injector can go, in whole batches: beyond, it would find its own limit
    int searchTop = fits > 0 && fits < d.maxConnections() ? (int) Math.max(users, fits / users * users) : d.maxConnections();
    maxConnections = search ? p.integer("maxConnections", searchTop, users, 1_000_000) : 0;
    int searchBatches = search ? (maxConnections + users - 1) / users : 0;
    batches = search ? searchBatches : p.integer("batches", d.batches(), 1, 100);
    lifetime = p.duration("lifetime", d.lifetime(), Duration.ofSeconds(1), Duration.ofHours(24));
    ping = p.duration("ping", d.ping(), Duration.ofMillis(100), Duration.ofHours(1));
    duration = p.duration("duration", search ? stagger.multipliedBy(searchBatches + 1L) : d.duration(),
        Duration.ofSeconds(1), Duration.ofDays(7));
    ramp = p.duration("ramp", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
    tolerancePercent = p.decimal("tolerance", 0.0, 0.0, 100.0);
    targets = p.parsed("target", List.of(), ChurnConfig::targetUris);
    target = targets.isEmpty() ? null : targets.get(0);
    serverInstances = p.integer("server.instances", 1, 1, 16);
    targetPid = p.integer("target.pid", -1, -1, Integer.MAX_VALUE);
    this.enterprise = enterprise;
    URI agent = p.parsed("target.agent", null, ChurnConfig::agentUri);
    // on Enterprise every load generator gets the same knobs: the first watches the server for all of them
    targetAgent = enterprise != null && enterprise.index() > 0 ? null : agent;
    String truststore = p.raw("target.truststore");
    String truststorePassword = p.raw("target.truststorePassword");
    if (truststore == null && truststorePassword != null) {
      throw new InvalidPropertyException("-Dtarget.truststorePassword is given without -Dtarget.truststore");
    }
    trust = truststore == null ? Trust.any() : Trust.of(Path.of(truststore), truststorePassword);
    connectTimeout = p.duration("connectTimeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
    ackTimeout = p.duration("ackTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10));
    serverJvmArgs = List.of(p.string("server.jvmArgs", SERVER_JVM_ARGS).trim().split("\\s+"));
    serverOpenFileLimit = p.integer("server.openFileLimit", -1, 32, 1 << 20);
    int eio = p.integer("eio", 4, 3, 4);
    String auth = p.parsed("auth", null, ChurnConfig::jsonObject);
    if (auth != null && eio == 3) {
      throw new InvalidPropertyException("-Dauth needs -Deio=4: Engine.IO 3 servers (Socket.IO v2) take no auth payload");
    }
    frames = new SocketIoFrames(eio,
        p.parsed("path", "/socket.io/", v -> require(v, v.startsWith("/") && v.endsWith("/"), "a path such as /socket.io/")),
        p.parsed("namespace", "/", v -> require(v, v.startsWith("/") && !v.contains(","), "a namespace such as /chat")),
        auth,
        p.parsed("event", "ping", v -> require(v, !v.contains("\""), "an event name without quotes")),
        p.parsed("ack", "pong", v -> require(v, !v.contains("\""), "an ack string without quotes, or *")));
    headers = p.parsed("headers", Map.of(), ChurnConfig::headerList);
    heartbeat = p.duration("heartbeat", Duration.ofSeconds(25), Duration.ofMillis(100), Duration.ofMinutes(10));
    breakDrops = p.integer("break.drops", 0, 0, Integer.MAX_VALUE);
    breakFailedConnects = p.integer("break.failedConnects", 0, 0, Integer.MAX_VALUE);
    breakLateAnswers = p.integer("break.lateAnswers", 0, 0, Integer.MAX_VALUE);
    breakAckP99 = p.duration("break.ackP99", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(10));
    leaks = new Leaks.Thresholds(
        p.decimal("leak.rss", 32, 0, 1 << 20), p.decimal("leak.heap", 16, 0, 1 << 20), p.decimal("leak.fds", 100, 0, 1 << 20),
        p.decimal("leak.threads", 10, 0, 1 << 20), p.decimal("leak.injectorRss", 64, 0, 1 << 20),
        p.decimal("leak.injectorHeap", 16, 0, 1 << 20),
        p.duration("leak.window", Duration.ofMinutes(20), Duration.ofSeconds(10), Duration.ofDays(7)));
    Map<String, String> expect = p.parsed("expect", Map.of(), ChurnConfig::expectations);
    expectHolds = expect.containsKey("holds") ? Integer.parseInt(expect.get("holds")) : -1;
    expectRecovery = expect.containsKey("recovery") ? PropertyReader.parseDuration(expect.get("recovery")) : null;
    reconnect = p.parsed("reconnect", Reconnect.SEED, Reconnect::of);
    injectors = p.integer("injectors", 1, 1, 64);
    shard = enterprise != null ? enterprise.shard() : p.parsed("shard", Shard.WHOLE, Shard::of);
    startAt = p.parsed("start.at", -1L, ChurnConfig::instant);
    if (enterprise != null) {
      enterpriseAllowed(p);
    }
    sourceAddresses = p.parsed("source.addresses", List.of(), ChurnConfig::localAddresses);
    if (p.raw("step") != null) {
      throw new InvalidPropertyException("-Dstep is now -Dstagger: the time between two batches' starts, in every simulation");
    }
    if (p.raw("break.pingP99") != null) {
      throw new InvalidPropertyException("-Dbreak.pingP99 is now -Dbreak.ackP99");
    }

    Duration lastBatchStart = stagger.multipliedBy(batches - 1L);
    if (lastBatchStart.compareTo(duration) >= 0) {
      throw new InvalidPropertyException("-Dstagger=" + PropertyReader.format(stagger) + " with -Dbatches=" + batches
          + " starts the last batch at " + PropertyReader.format(lastBatchStart) + ", after the run ends (-Dduration="
          + PropertyReader.format(duration) + "): shorten the stagger or lengthen the duration");
    }
    if (ramp.compareTo(duration.minus(lastBatchStart)) >= 0) {
      throw new InvalidPropertyException("-Dramp=" + PropertyReader.format(ramp) + " leaves the last batch below its "
          + users + " connections until the run ends: expected less than " + PropertyReader.format(duration.minus(lastBatchStart)));
    }
    String fault = p.raw("fault");
    restart = p.parsed("fault", null, v -> RestartPlan.of(v).orElse(null));
    serverFaults = RestartPlan.without(fault);
    restartedFaults = p.raw("fault.restarted");
    if (restartedFaults != null && restart == null) {
      throw new InvalidPropertyException("-Dfault.restarted gives the faults of a server that comes back after a"
          + " restart: it needs -Dfault=restart-at:T[:downtime]");
    }
    instancesAllowed(search);
    if (fault != null && target != null) {
      throw new InvalidPropertyException("-Dfault acts on the embedded server only: with -Dtarget=" + target
          + ", start your own server with its faults");
    }
    if (restart != null && restart.at().compareTo(duration) > 0) {
      throw new InvalidPropertyException("-Dfault=" + fault + ": the restart fires at " + PropertyReader.format(restart.at())
          + ", after the run ends (-Dduration=" + PropertyReader.format(duration) + ")");
    }
    if (fault != null) {
      for (String spec : fault.split(",")) {
        Duration at = faultTime(spec.trim());
        if (at != null && at.compareTo(duration) > 0) {
          throw new InvalidPropertyException("-Dfault=" + fault + ": '" + spec.trim() + "' fires at "
              + PropertyReader.format(at) + ", after the run ends (-Dduration=" + PropertyReader.format(duration) + ")");
        }
      }
    }
    shardsAllowed(search, fault);
    if (p.raw("source.addresses") == null) {
      autoSourceAddresses = loopbackAddressesNeeded(host);
    }
    if (host.openFiles() >= 0 && heldByOneInjector() > host.openFiles() - HostLimits.FILES_BESIDES_CONNECTIONS
        || host.ephemeralPorts() >= 0 && heldTowardOneServer() > host.ephemeralPorts() * addresses()) {
      throw new InvalidPropertyException(tooMany(search, host));
    }
    if (targetAgent != null && (target == null || targetPid > 0)) {
      throw new InvalidPropertyException("-Dtarget.agent watches a -Dtarget's host for the run, "
          + (target == null ? "and no -Dtarget is given (the embedded server is watched from here)"
              : "and -Dtarget.pid is given too: the agent watches its own -Dagent.pid"));
    }
    if (targetPid > 0 && target != null && !new TimelineSampler.Watched(target, targetPid).local()) {
      throw new InvalidPropertyException("-Dtarget.pid=" + targetPid + " is a process of this host, but -Dtarget="
          + target + " is not on this host");
    }
  }

  public static ChurnConfig fromSystemProperties(Defaults defaults) {
    String secrets = System.getenv(Injectors.SECRETS_ENV); // an injector started by a run of -Dinjectors=N
    if (secrets != null) {
      for (String line : secrets.split("\n")) {
        String[] kv = line.split("=", 2);
        if (kv.length == 2 && System.getProperty(kv[0]) == null) {
          System.setProperty(kv[0], kv[1]);
        }
      }
    }
    return said(() -> new ChurnConfig(PropertyReader.system(), defaults, HostLimits.ofThisProcess(),
        EnterpriseRun.current().orElse(null)));
  }

  /** Set when -Dsource.addresses is not given and one address's source ports are too few (loopback only). */
  private List<String> autoSourceAddresses = List.of();

  /** The source addresses the connections use: given, or chosen for a server on loopback; empty: the kernel's. */
  public List<String> sourceAddresses() {
    return sourceAddresses.isEmpty() ? autoSourceAddresses : sourceAddresses;
  }

  private int addresses() {
    return Math.max(1, sourceAddresses().size());
  }

  /**
   * Without -Dsource.addresses, when this host's connections toward one server need more source ports than one
   * address has, and the servers are on loopback (where every 127.x address is this host's): 127.0.0.1 and as
   * many next ones as needed. Toward another host the run cannot know this host's addresses: the check names the
   * limit and the knob.
   */
  private List<String> loopbackAddressesNeeded(HostLimits host) {
    long ports = host.ephemeralPorts();
    if (ports <= 0 || heldTowardOneServer() <= ports || !serversOnLoopback()) {
      return List.of();
    }
    int needed = (int) Math.min(254, (heldTowardOneServer() + ports - 1) / ports);
    List<String> a = new java.util.ArrayList<>();
    for (int i = 1; i <= needed; i++) {
      a.add("127.0.0." + i);
    }
    return List.copyOf(a);
  }

  private boolean serversOnLoopback() {
    for (URI t : targets) {
      try {
        if (!java.net.InetAddress.getByName(t.getHost()).isLoopbackAddress()) {
          return false;
        }
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return true; // no -Dtarget: the embedded servers listen on 127.0.0.1
  }

  /** -Dsource.addresses=a,b,...: each an IP address of this host (a literal: no name to look up). */
  private static List<String> localAddresses(String value) {
    List<String> all = new java.util.ArrayList<>();
    for (String one : value.split(",")) {
      String a = one.trim();
      if (!a.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
        throw new IllegalArgumentException("expected IP addresses of this host, comma-separated (127.0.0.2,127.0.0.3"
            + " on loopback), not '" + a + "'");
      }
      try {
        java.net.InetAddress address = java.net.InetAddress.getByName(a);
        if (!address.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
          throw new IllegalArgumentException(a + " is not an address of this host (ip addr lists them): a connection"
              + " can only leave from one of its own");
        }
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("'" + a + "' is not an IP address: " + e.getMessage());
      }
      if (!all.contains(a)) {
        all.add(a);
      }
    }
    return List.copyOf(all);
  }

  /** What one injector process here cannot hold, and what it can. */
  private String tooMany(boolean search, HostLimits host) {
    boolean files = host.openFiles() >= 0
        && heldByOneInjector() > host.openFiles() - HostLimits.FILES_BESIDES_CONNECTIONS;
    String asked = search ? "-DmaxConnections=" + maxConnections + " is " + plannedConnections() + " connections"
        : "-Dusers=" + users + " x -Dbatches=" + batches + " is " + plannedConnections() + " connections at once"
            + (injectors > 1 && files ? ", " + heldByOneInjector() + " in one of " + injectors + " injectors" : "");
    if (files) {
      return asked + ": they need one open file each in this injector JVM, which may open " + host.openFiles()
          + " (ulimit -n), " + HostLimits.FILES_BESIDES_CONNECTIONS + " of them for itself; one injector here holds at"
          + " most " + (host.openFiles() - HostLimits.FILES_BESIDES_CONNECTIONS) + ": run fewer, or spread them over"
          + " more injector processes (-Dinjectors) or machines (docs/scale.md)";
    }
    int n = addresses();
    return asked + ": they need one source port each toward the server, and one address has " + host.ephemeralPorts()
        + " (net.ipv4.ip_local_port_range); the injectors of this host hold at most " + host.ephemeralPorts() * n
        + (n > 1 ? " from the " + n + " addresses of -Dsource.addresses: give more of this host's addresses"
            : ": give -Dsource.addresses=<as many of this host's addresses as needed, comma-separated>")
        + ", run fewer, or spread them over machines (docs/scale.md)";
  }

  /**
   * -Dinjectors and -Dshard: a share of the churn's batches, played against a server the run does not start when
   * it is a shard of someone else's run.
   */
  private void shardsAllowed(boolean search, String fault) {
    if (injectors > 1 && search) {
      throw new InvalidPropertyException("-Dinjectors=" + injectors + ": a breaking-point search decides after each"
          + " batch in one injector; run the search with one, or a churn with several");
    }
    if (injectors > batches) {
      throw new InvalidPropertyException("-Dinjectors=" + injectors + " is more than -Dbatches=" + batches
          + ": each injector plays whole batches (batch b by injector b mod N)");
    }
    if (!shard.whole()) {
      String given = enterprise != null ? "Gatling Enterprise's " + shard.of() + " load generators" : "-Dshard=" + shard;
      String why = injectors > 1 ? "-Dinjectors (a shard is one of them)"
          : search ? "a breaking-point search" : target == null ? "no -Dtarget (a shard loads a server started elsewhere)"
          : fault != null ? "-Dfault (the faults are the embedded server's)"
          : (targetPid > 0 || targetAgent != null) && shard.index() > 1 ? "-Dtarget.pid or -Dtarget.agent (shard 1"
              + " watches the server for all the shards: give them to it)" : null;
      if (why != null) {
        throw new InvalidPropertyException(given + " with " + why);
      }
      if (shard.of() > batches) {
        throw new InvalidPropertyException(given + ": " + shard.of() + " shards for -Dbatches=" + batches
            + ": each shard plays whole batches");
      }
    }
    if (startAt >= 0 && shard.whole()) {
      throw new InvalidPropertyException("-Dstart.at is the common start of the shards of one run: it needs -Dshard=i/N");
    }
  }

  /**
   * On Gatling Enterprise its load generators are the shards, started together, on hosts that are not the server's
   * and have no server jar to start.
   */
  private void enterpriseAllowed(PropertyReader p) {
    String why = p.raw("shard") != null ? "-Dshard (its load generators are the shards: this one is " + shard + ")"
        : injectors > 1 ? "-Dinjectors (give its location more load generators instead: .gatling/package.conf)"
        : startAt >= 0 ? "-Dstart.at (it starts its load generators together)"
        : target == null ? "no -Dtarget (its load generators start no server: name one they reach)"
        : targetPid > 0 ? "-Dtarget.pid (a load generator is not the server's host: run bench/agent.sh there and give"
            + " -Dtarget.agent)" : null;
    if (why != null) {
      throw new InvalidPropertyException("on Gatling Enterprise (run " + enterprise.runId() + ", load generator "
          + shard + "): " + why + "; docs/enterprise.md");
    }
  }

  /** -Dserver.instances and a -Dtarget list: the batches spread over several servers, batch b to server b mod N. */
  private void instancesAllowed(boolean search) {
    if (serverInstances > 1) {
      String why = target != null ? "-Dtarget (name each of your servers in it instead: -Dtarget=wss://h:9010,wss://h:9011)"
          : search ? "a breaking-point search (it loads one server)"
          : restart != null ? "-Dfault=restart-at (it restarts one server)" : null;
      if (why != null) {
        throw new InvalidPropertyException("-Dserver.instances=" + serverInstances + " with " + why);
      }
    }
    if (targets.size() > 1 && (targetPid > 0 || targetAgent != null || search)) {
      throw new InvalidPropertyException("-Dtarget names " + targets.size() + " servers: "
          + (search ? "a breaking-point search loads one" : "-Dtarget.pid and -Dtarget.agent watch one"));
    }
    if (servers() > batches) {
      throw new InvalidPropertyException(servers() + " servers for -Dbatches=" + batches
          + ": each server takes whole batches (batch b to server b mod N)");
    }
  }

  /** The servers the batches are spread over: the -Dtarget list, or the embedded instances. */
  public int servers() {
    return targets.isEmpty() ? serverInstances : targets.size();
  }

  /** Which of them (from 0) batch {@code index} connects to. */
  public int serverOf(int index) {
    return index % servers();
  }

  /** Connections held at once by the injector that holds most: its share of the batches. */
  public int heldByOneInjector() {
    int shares = Math.max(injectors, shard.of());
    return users * ((batches + shares - 1) / shares);
  }

  /**
   * Connections this host holds at once toward the one of the servers that gets most: one address's source ports
   * are counted per server address and port, so several servers each have their own.
   */
  public int heldTowardOneServer() {
    int[] perServer = new int[servers()];
    for (int b = 0; b < batches; b++) {
      if (shard.whole() || shard.plays(b)) {
        perServer[serverOf(b)] += users;
      }
    }
    return java.util.Arrays.stream(perServer).max().orElse(0);
  }

  /** Connections this run holds at once, from this host: the whole profile (over its injectors), or a shard's share. */
  public int plannedForThisRun() {
    return shard.whole() ? plannedConnections() : users * shard.batchesOf(batches);
  }

  /** A bad knob stops the run before it starts, with one line naming it above whatever Gatling prints. */
  static ChurnConfig said(java.util.function.Supplier<ChurnConfig> read) {
    try {
      return read.get();
    } catch (InvalidPropertyException e) {
      System.err.println("connection-drop: " + e.getMessage());
      throw e;
    }
  }

  /** Without this host's limits (unknown: no check), for tests of everything else. */
  static ChurnConfig from(PropertyReader reader, Defaults defaults) {
    return from(reader, defaults, new HostLimits(-1, -1));
  }

  static ChurnConfig from(PropertyReader reader, Defaults defaults, HostLimits host) {
    return new ChurnConfig(reader, defaults, host, null);
  }

  /** As a load generator of a Gatling Enterprise run. */
  static ChurnConfig onEnterprise(PropertyReader reader, Defaults defaults, EnterpriseRun enterprise) {
    return new ChurnConfig(reader, defaults, new HostLimits(-1, -1), enterprise);
  }

  /** Whether this injector plays batch {@code index} (from 0): its shard's, or, of -Dinjectors=N, the first's. */
  public boolean playsHere(int index) {
    return injectors > 1 ? index % injectors == 0 : shard.plays(index);
  }

  /** When batch {@code index} (from 0) starts, counted from the first. */
  public Duration batchStart(int index) {
    return stagger.multipliedBy(index);
  }

  /**
   * Where the steady part of a run begins, from the load's start: every batch up (and ramped), and every
   * connection replaced once. Leaks are measured from there to the end.
   */
  public Duration steadyFrom() {
    return batchStart(batches - 1).plus(ramp).plus(lifetime);
  }

  /** Connections held at once when every batch runs. */
  public int plannedConnections() {
    return users * batches;
  }

  /** How long the run may take at most: its duration, then the last leave and ack, then a margin. */
  public Duration maxDuration() {
    return duration.plus(ackTimeout).plus(connectTimeout).plusSeconds(10);
  }

  private static String require(String value, boolean ok, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("expected " + expected);
    }
    return value;
  }

  private static String jsonObject(String value) {
    boolean isObject;
    try {
      isObject = JSON.readTree(value).isObject();
    } catch (JsonProcessingException e) {
      isObject = false;
    }
    return require(value, isObject, "a JSON object such as {\"token\":\"abc\"}");
  }

  /** {@code holds:N}, {@code recovery:D}, or both, comma-separated. */
  private static Map<String, String> expectations(String value) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      part = part.trim();
      if (part.startsWith("holds:") && part.substring(6).trim().matches("[1-9]\\d{0,8}")) {
        m.put("holds", part.substring(6).trim());
      } else if (part.startsWith("recovery:") && PropertyReader.parseDuration(part.substring(9)) != null) {
        m.put("recovery", part.substring(9).trim());
      } else {
        throw new IllegalArgumentException("expected holds:N (a search that must hold at least N connections) or"
            + " recovery:D (every connection lost in an event back within D), e.g. recovery:20s");
      }
    }
    return m;
  }

  /** {@code Name: value; Other: value} */
  private static Map<String, String> headerList(String value) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header : value.split(";")) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected headers as 'Name: value; Other: value'");
      }
      headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    return headers;
  }

  /** {@code value} as a URI with one of {@code schemes}, a host and a port; else what was expected. */
  private static URI hostAndPort(String value, String expected, String... schemes) {
    try {
      URI uri = new URI(value);
      if (List.of(schemes).contains(uri.getScheme()) && uri.getHost() != null && uri.getPort() >= 0) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // said below
    }
    throw new IllegalArgumentException(expected);
  }

  /** Epoch milliseconds, or an ISO-8601 UTC instant (2026-12-02T18:00:00Z). */
  private static long instant(String value) {
    String v = value.trim();
    if (v.matches("\\d{10,15}")) {
      return Long.parseLong(v);
    }
    try {
      return java.time.Instant.parse(v).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("expected a UTC time such as 2026-12-02T18:00:00Z, or epoch milliseconds");
    }
  }

  private static URI agentUri(String value) {
    return hostAndPort(value, "expected http://host:port, where lab.agent.TimelineAgent listens", "http");
  }

  private static List<URI> targetUris(String value) {
    List<URI> uris = new java.util.ArrayList<>();
    for (String one : value.split(",")) {
      uris.add(targetUri(one.trim()));
    }
    return List.copyOf(uris);
  }

  private static URI targetUri(String value) {
    URI uri = hostAndPort(value, "expected wss://host:port or ws://host:port", "wss", "ws");
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("expected wss://host:port or ws://host:port, with no path: the Socket.IO path"
          + " is -Dpath, the namespace -Dnamespace");
    }
    return uri;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a secret's value is shown as. */
  static final String HIDDEN = "***";

  /** An auth payload with its field names kept and every value hidden: {"token":"***"}. */
  private static String masked(String authJson) {
    try {
      ObjectNode shown = JSON.createObjectNode();
      JSON.readTree(authJson).fieldNames().forEachRemaining(name -> shown.put(name, HIDDEN));
      return shown.toString();
    } catch (JsonProcessingException e) {
      return HIDDEN;
    }
  }

  /** When a fault of -Dfault fires, counted from the server's start ({@code <what>@T}, {@code crash-at:T}); null if never. */
  private static Duration faultTime(String spec) {
    int at = spec.lastIndexOf('@');
    String time = at >= 0 ? spec.substring(at + 1) : spec.startsWith("crash-at:") ? spec.substring("crash-at:".length()) : null;
    return time == null ? null : PropertyReader.parseDuration(time);
  }

  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("users", users + " per batch");
    if (maxConnections > 0) {
      m.put("maxConnections", maxConnections + " (a batch every stagger up to it)");
    }
    m.put("batches", batches + " (" + plannedConnections() + " connections at once)");
    m.put("lifetime", PropertyReader.format(lifetime));
    m.put("ping", PropertyReader.format(ping));
    m.put("stagger", PropertyReader.format(stagger));
    m.put("duration", PropertyReader.format(duration));
    m.put("ramp", ramp.isZero() ? "0 (each batch connects at once, as the seed did)" : PropertyReader.format(ramp));
    m.put("tolerance", tolerancePercent + " %");
    m.put("target", target == null ? (serverInstances > 1 ? serverInstances + " embedded servers, one port each, batch b"
        + " to server b mod " + serverInstances + " (-Dfault on the first only)" : "(embedded server, started for the run)")
        : targets.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(",")));
    m.put("trust", trust.describe());
    // what -Dinjector.tlsGroups and -Dinjector.eventLoops became in this JVM (simulations/pom.xml)
    m.put("injector.tlsGroups", System.getProperty("jdk.tls.namedGroups", "(Netty's default)"));
    m.put("injector.eventLoops", System.getProperty("io.netty.eventLoopThreads", "(Netty's default: twice the cores)"));
    if (target != null) {
      m.put("target.pid", targetPid < 0 ? targetAgent != null ? "(the agent's)" : "(unknown: no process figures)"
          : Long.toString(targetPid));
    }
    if (targetAgent != null) {
      m.put("target.agent", targetAgent.toString());
    }
    m.put("eio", frames.eio() + (frames.eio() == 3 ? " (client heartbeat every " + PropertyReader.format(heartbeat) + ")" : ""));
    m.put("path", frames.path());
    m.put("namespace", frames.namespace());
    if (frames.auth() != null) {
      m.put("auth", masked(frames.auth()));
    }
    if (!headers.isEmpty()) {
      m.put("headers", String.join("; ", headers.keySet().stream().map(h -> h + ": " + HIDDEN).toList()));
    }
    m.put("event / ack", frames.event() + " / " + frames.ack());
    m.put("connectTimeout", PropertyReader.format(connectTimeout));
    m.put("ackTimeout", PropertyReader.format(ackTimeout));
    if (target == null) {
      m.put("server.jvmArgs", String.join(" ", serverJvmArgs));
      if (serverOpenFileLimit > 0) {
        m.put("server.openFileLimit", Integer.toString(serverOpenFileLimit));
      }
    }
    if (maxConnections > 0) {
      m.put("break at", "drops > " + breakDrops + ", failed connects > " + breakFailedConnects + ", late answers > "
          + breakLateAnswers + ", ack p99 > " + PropertyReader.format(breakAckP99));
    }
    if (expectHolds > 0 || expectRecovery != null) {
      m.put("expect", (expectHolds > 0 ? "holds:" + expectHolds : "")
          + (expectHolds > 0 && expectRecovery != null ? "," : "")
          + (expectRecovery != null ? "recovery:" + PropertyReader.format(expectRecovery) : ""));
    }
    if (duration.minus(steadyFrom()).compareTo(leaks.window()) >= 0) {
      m.put("leaks", String.format(Locale.ROOT, "judged from %s on: server RSS > %s MiB/h, live heap > %s MiB/h,"
          + " open files > %s/h, threads > %s/h, injector RSS > %s MiB/h, injector live heap > %s MiB/h fail",
          PropertyReader.format(steadyFrom()), leaks.rssMibPerHour(), leaks.heapMibPerHour(), leaks.fdsPerHour(),
          leaks.threadsPerHour(), leaks.injectorRssMibPerHour(), leaks.injectorHeapMibPerHour()));
    }
    if (injectors > 1) {
      m.put("injectors", injectors + " on this host (batch b played by injector b mod " + injectors + " + 1)");
    }
    if (!shard.whole()) {
      m.put("shard", shard + " (" + shard.batchesOf(batches) + " of the " + batches + " batches, "
          + users * shard.batchesOf(batches) + " connections)" + (startAt >= 0
              ? ", load from " + java.time.Instant.ofEpochMilli(startAt) : "")
          + (enterprise != null ? ", Gatling Enterprise run " + enterprise.runId() : ""));
    }
    m.put("reconnect", reconnect.describe());
    if (!sourceAddresses().isEmpty()) {
      m.put("source.addresses", String.join(", ", sourceAddresses()) + (sourceAddresses.isEmpty()
          ? " (one address's source ports toward one server are too few for " + heldTowardOneServer() + ")" : ""));
    }
    if (restart != null) {
      m.put("restart", "at " + PropertyReader.format(restart.at()) + ", back after " + PropertyReader.format(restart.downtime())
          + (restartedFaults == null ? "" : ", then " + restartedFaults));
    }
    return m;
  }

  public String header(String simulation) {
    StringBuilder s = new StringBuilder("connection-drop: ").append(simulation).append('\n');
    describe().forEach((k, v) -> s.append(String.format("  %-16s %s%n", k, v)));
    return s.toString();
  }
}
