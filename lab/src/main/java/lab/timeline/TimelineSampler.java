package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's side of a run, once a second, into {@code server-timeline.csv}: its own counters (from
 * {@code /status}), the OS view of its port (netlink sock_diag, or {@code /proc/net/tcp}), and its process ({@code /proc/<pid>}).
 * Each part works without the others, so it watches a server we did not start, a Node server, a server on
 * another host (its counters only), or a server that crashed: the rows go on with what can still be read, and
 * every row is on disk as soon as it is taken.
 */
public final class TimelineSampler implements AutoCloseable {

  private static final Duration STATUS_WAIT = Duration.ofMillis(900);

  /**
   * What to watch: the server's URL (for /status and its port), its pid on this host (-1 when unknown), the
   * status file it writes (null when it writes none: then /status is asked over HTTP), and the certificates
   * its /status may show.
   */
  public record Watched(URI url, long pid, Path statusFile, Trust trust, URI agent) {
    public Watched(URI url, long pid) {
      this(url, pid, null, Trust.any(), null);
    }

    public Watched(URI url, long pid, Path statusFile) {
      this(url, pid, statusFile, Trust.any(), null);
    }

    /** Whether the server is on this host, so that this host's /proc tells about its port. */
    public boolean local() {
      try {
        InetAddress address = InetAddress.getByName(url.getHost());
        return address.isLoopbackAddress() || address.isAnyLocalAddress()
            || NetworkInterface.getByInetAddress(address) != null;
      } catch (UnknownHostException | SocketException e) {
        return false;
      }
    }
  }

  /**
   * What the clients beside the sampler count: the connections they hold, and so far their reconnect attempts and
   * their failed connects (which a server cannot count when it refuses them or is not there).
   */
  public interface Clients {
    long held();

    long reconnectAttempts();

    long failedConnects();
  }

  private final Watched watched;
  /** The server's host, for its port's sockets and its process: this one, an agent on it, or none (null). */
  private final ServerHost host;
  private final Clients clients;
  private final StatusClient status;
  private final BufferedWriter out;
  private final TimelineStats stats = new TimelineStats();
  private final CounterDeltas deltas = new CounterDeltas();
  /**
   * The threads of every sampler in this JVM, for their CPU time: with several servers each has a sampler, and all
   * of them are the timeline's cost, not the injector's.
   */
  private static final List<Thread> SAMPLER_THREADS = new CopyOnWriteArrayList<>();
  private static final Map<Thread, Long> SAMPLER_THREAD_CPU_NANOS = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "timeline-sampler"));
  private final long startedAtNanos = System.nanoTime();
  private final ExecutorService statusRequests = Executors.newSingleThreadExecutor(r -> thread(r, "timeline-status"));
  private final AtomicBoolean closing = new AtomicBoolean();
  private Future<Optional<JsonNode>> statusInFlight;
  private long pid;
  private long openFileLimit = -1;
  private long previousTime;
  private Long previousCpu;
  private long previousReconnects;
  private long previousFailedConnects;
  private boolean closed;

  /** @param clients the clients' own counts, for the {@code held} and {@code reconnect_attempts} columns; null without */
  public TimelineSampler(Path csv, Watched watched, Clients clients) throws IOException {
    this.watched = watched;
    this.host = watched.agent() != null ? new AgentClient(watched.agent()) : watched.local() ? ServerHost.here() : null;
    this.clients = clients;
    this.pid = watched.pid();
    this.status = new StatusClient(watched.url(), watched.statusFile(), watched.trust());
    Files.createDirectories(csv.toAbsolutePath().getParent());
    this.out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
    out.write(TimelineColumns.header());
    out.newLine();
    out.flush();
  }

  public TimelineSampler(Path csv, Watched watched) throws IOException {
    this(csv, watched, null);
  }

  /** Samples now and then every {@code period} until {@link #close()}. */
  public TimelineSampler start(Duration period) {
    timer.scheduleAtFixedRate(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Waits until a sample has the server's status, or until {@code samples} samples came without it (a server that
   * has no /status): the first answer is the baseline of the run's counts, so the load must not start before it.
   */
  public void awaitFirstStatus(int samples) {
    long deadline = System.currentTimeMillis() + 1000L * (samples + 1);
    while (stats.statusSamples() == 0 && stats.samples() < samples && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether the server's port and process are seen: on this host, or through an agent on the server's. */
  public boolean seesHost() {
    return host != null;
  }

  /** Whether a process is watched: given, or the one the agent watches (known from the first sample). */
  public synchronized boolean watchesProcess() {
    return pid > 0;
  }

  /** Where the port and process figures come from. */
  public String hostName() {
    return host == null ? "nowhere: the server is on another host and no agent is beside it (its /status only)"
        : host.name();
  }

  /** Takes one sample and appends its row; public for tests that drive the clock themselves. */
  public synchronized TimelineRow sample() {
    if (closed) {
      return null;
    }
    long now = System.currentTimeMillis();
    // The OS views first, then /status: the status request's own connection must not be in the counts.
    int port = watched.url().getPort();
    ServerHost.View view = host == null ? ServerHost.View.NOTHING : host.read(port, pid);
    if (pid <= 0 && view.pid() > 0) {
      pid = view.pid(); // the process the agent watches by itself
    }
    PortCounts tcp = view.ports().orElse(null);
    Optional<ProcessStats.Sample> proc = view.process();
    if (pid > 0 && openFileLimit < 0 && proc.isPresent()) {
      openFileLimit = view.openFileLimit();
    }
    JsonNode json = readStatus().orElse(null);
    if (json != null && pid > 0 && proc.isEmpty() && json.path("pid").asLong(-1) == pid) {
      json = null; // the status file of a process seen gone: its last words, not a fresh answer
    }
    ServerCounters counters = json == null ? null : ServerCounters.of(json);
    CounterDeltas.Deltas changes = counters == null ? null : deltas.next(counters);
    boolean gone = pid > 0 && proc.isEmpty();
    if (gone && changes != null && changes.restarted() && host != null) {
      // the server came back as another process: watch that one
      long newPid = json.path("pid").asLong(-1);
      ServerHost.View restarted = newPid > 0 ? host.read(port, newPid) : ServerHost.View.NOTHING;
      if (restarted.process().isPresent()) {
        pid = newPid;
        proc = restarted.process();
        openFileLimit = restarted.openFileLimit();
        gone = false;
      }
    }

    Long cpu = proc.map(p -> p.cpuNanos() >= 0 ? p.cpuNanos() : null).orElse(null);
    if (cpu == null && json != null && json.path("cpuNanos").asLong(-1) >= 0) {
      cpu = json.get("cpuNanos").asLong(); // what the server's JVM says of itself, where /proc does not tell
    }
    Double cpuPercent = cpu == null || previousCpu == null || cpu < previousCpu || now <= previousTime ? null
        : 100.0 * (cpu - previousCpu) / ((now - previousTime) * 1e6);
    Optional<ProcessStats.Sample> self = ProcessStats.read(ProcessHandle.current().pid());
    TimelineRow row = new TimelineRow(
        now,
        (System.nanoTime() - startedAtNanos) / 1e9,
        clients == null ? null : clients.held(),
        clients == null ? null : reconnectsSincePrevious(),
        clients == null ? null : failedConnectsSincePrevious(),
        number(json, "connected"),
        changes == null ? null : changes.get("connects"),
        changes == null ? null : changes.get("disconnects.client-left"),
        changes == null ? null : changes.get("disconnects.transport-close"),
        changes == null ? null : changes.get("disconnects.ping-timeout"),
        changes == null ? null : changes.get("disconnects.server-close"),
        changes == null ? null : changes.get("disconnects.server-shutdown"),
        changes == null ? null : changes.sum("handshakeFailures"),
        changes == null ? null : changes.sum("acceptFailures"),
        tcp,
        proc.map(p -> p.rssBytes() >= 0 ? p.rssBytes() : null).orElse(null),
        number(json, "heapUsedBytes"),
        number(json, "heapLiveBytes"),
        number(json, "directBytes"),
        changes == null ? null : changes.get("gcMillis"),
        cpuPercent,
        proc.map(p -> p.threads() >= 0 ? (long) p.threads() : null).orElse(number(json, "threads")),
        proc.map(p -> p.openFds() >= 0 ? (long) p.openFds() : null).orElse(null),
        json == null || !json.path("eventLoopLagMs").isNumber() ? null : json.get("eventLoopLagMs").asDouble(),
        self.map(p -> p.rssBytes() >= 0 ? p.rssBytes() : null).orElse(null),
        LiveHeap.bytes());
    write(TimelineColumns.cells(row));
    stats.add(row, json, counters, changes, gone, cpu, openFileLimit);
    self.ifPresent(p -> stats.addInjector(p, ownCpuNanos(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
    previousTime = now;
    previousCpu = cpu;
    return row;
  }

  public TimelineStats stats() {
    return stats;
  }

  private long failedConnectsSincePrevious() {
    long now = clients.failedConnects();
    long since = now - previousFailedConnects;
    previousFailedConnects = now;
    return since;
  }

  private long reconnectsSincePrevious() {
    long now = clients.reconnectAttempts();
    long since = now - previousReconnects;
    previousReconnects = now;
    return since;
  }

  /** Stops sampling after one last row; closing again does nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    status.awaitWrittenAfter(System.currentTimeMillis());
    synchronized (this) {
      sampleQuietly();
      closed = true;
      statusRequests.shutdownNow();
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * /status, waiting at most {@link #STATUS_WAIT} for it. A slow answer is not cut off: aborting a request
   * halfway through its TLS handshake would show as a handshake failure on the server, caused by us. It is
   * left to finish and this sample goes without the server's counters.
   */
  private Optional<JsonNode> readStatus() {
    if (statusInFlight == null || statusInFlight.isDone()) {
      statusInFlight = statusRequests.submit(status::read);
    }
    try {
      return statusInFlight.get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    SAMPLER_THREADS.add(t);
    return t;
  }

  /**
   * CPU (user and system) used so far by the samplers' threads; -1 where the JVM cannot tell. A thread that has
   * ended keeps the most time read from it, so that the sum never goes back.
   */
  private long ownCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
      return -1;
    }
    long sum = 0;
    for (Thread t : SAMPLER_THREADS) {
      long now = mx.getThreadCpuTime(t.getId());
      if (now >= 0) {
        SAMPLER_THREAD_CPU_NANOS.merge(t, now, Math::max);
      }
      sum += SAMPLER_THREAD_CPU_NANOS.getOrDefault(t, 0L);
    }
    return sum;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // one bad sample must not end the timeline; the gap shows in the CSV
      System.err.println("timeline: sample failed: " + e);
    }
  }

  private void write(List<String> cells) {
    try {
      out.write(String.join(",", cells));
      out.newLine();
      out.flush(); // a crash of anything must leave every row taken so far on disk
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Long number(JsonNode json, String field) {
    JsonNode n = json == null ? null : json.get(field);
    return n == null || !n.isNumber() ? null : n.asLong();
  }
}
