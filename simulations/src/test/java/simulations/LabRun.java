package simulations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import lab.launch.ServerProcess;
import lab.timeline.AgentClient;
import lab.timeline.ProcessStats;
import lab.timeline.ServerSide;
import lab.timeline.TimelineSampler;
import lab.timeline.TimelineStats;
import lab.timeline.TimelineSum;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;
import simulations.clients.ClientTally;
import simulations.injectors.InjectorFile;
import simulations.injectors.Injectors;
import simulations.injectors.ShardRun;
import simulations.report.GatlingRunFolder;
import simulations.report.Leaks;
import simulations.report.PageInput;
import simulations.report.Recoveries;
import simulations.report.RunEnd;
import simulations.report.RunFacts;
import simulations.report.RunReport;
import simulations.report.RunSummary;
import simulations.report.ServerPage;
import simulations.report.Verdict;
import sun.misc.Signal;

/**
 * One run of the lab around a simulation: the server under test (started as a child JVM, or the one named by
 * -Dtarget), its timeline while the load runs, and, once Gatling has written its own report, ours beside it
 * under results/, the verdict, and the process's exit status, which is the verdict's. The report step runs in
 * a shutdown hook because Gatling writes its HTML after after() and then exits; a hook also runs when the run
 * fails or is interrupted, so every run gets its report.
 */
public final class LabRun {

  /** How a simulation judges its run. */
  public interface Judge {
    Verdict judge(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server,
        List<Recoveries.Recovery> recoveries, Leaks leaks);
  }

  private static final Duration INJECTORS_READY_TIMEOUT = Duration.ofSeconds(60);

  private final String simulation;
  private final String simulationClass;
  private final ChurnConfig config;
  private final ClientTally tally;
  private final Path results = Path.of(System.getProperty("results.dir", "../results")).toAbsolutePath().normalize();
  private final Path work;
  private final GatlingRunFolder gatlingRun;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Map<String, Supplier<Object>> extraSummary = new LinkedHashMap<>();
  private final ClientSeries series = new ClientSeries();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "client-series");
    t.setDaemon(true);
    return t;
  });
  /** When the run killed its server to restart it (-Dfault=restart-at). */
  private final List<Long> restarts = new CopyOnWriteArrayList<>();
  private Judge judge;
  private volatile long startedAt;
  private volatile long loadStartedAt = -1;
  /** Where the load's start is written for the embedded servers' faults (-Dfault.from). */
  private final Path loadStart;
  /** The embedded server's properties, for the one that replaces it (-Dfault=restart-at). */
  private Map<String, String> restartWith;
  /** This JVM's own figures at its load's start and end, where no timeline samples them (a shard's run). */
  private volatile ProcessStats.Sample atLoadStart;
  private volatile ProcessStats.Sample atLoadEnd;
  private volatile long runEndsAt = Long.MAX_VALUE;
  private volatile boolean loadEnded;
  private volatile String interruptedBy;
  private volatile long interruptedAt = -1;
  private volatile String serverNotStarted;
  private volatile Integer serverExitCode;
  private final EmbeddedServers servers;
  private TimelineSampler timeline;
  private URI url;
  /** Every server the batches go to, the first one first (several with -Dserver.instances or a -Dtarget list). */
  private final List<URI> urls = new CopyOnWriteArrayList<>();
  /** The timelines of servers 2..N. */
  private final List<TimelineSampler> otherTimelines = new CopyOnWriteArrayList<>();
  /** The other injector JVMs of -Dinjectors=N (none for one). */
  private volatile Injectors injectors = Injectors.none();

  public LabRun(Class<?> simulation, ChurnConfig config, ClientTally tally) {
    this.simulation = simulation.getSimpleName();
    this.simulationClass = simulation.getName();
    this.config = config;
    this.tally = tally;
    this.work = results.resolve(".running-" + ProcessHandle.current().pid());
    this.loadStart = work.resolve("load-started-at");
    this.servers = new EmbeddedServers(config, work);
    this.url = config.target;
    this.gatlingRun = new GatlingRunFolder(Path.of(System.getProperty("gatling.results.dir", "target/gatling")),
        this.simulation);
    this.judge = (facts, end, clients, server, recoveries, leaks) -> Verdict.ofChurn(facts, end, clients, server,
        recoveries, config.expectRecovery, leaks.leaking());
    if (config.targetAgent != null) {
      // asked for, a timeline agent that does not answer is a mistake to fix before the load, not a blind run
      new AgentClient(config.targetAgent).unanswered().ifPresent(why -> {
        String said = "-Dtarget.agent=" + config.targetAgent + " does not answer (" + why + "): start bench/agent.sh"
            + " on the server's host (docs/targets.md), or run without -Dtarget.agent";
        System.err.println("connection-drop: " + said);
        throw new InvalidPropertyException(said);
      });
    }
  }

  /** The server's URL as the load sees it: known once {@link #start()} has run. */
  public URI url() {
    return url;
  }

  /** The server batch {@code batch} (from 0) connects to: one of several (-Dserver.instances, a -Dtarget list). */
  public URI url(int batch) {
    return urls.size() > 1 ? urls.get(config.serverOf(batch)) : url;
  }

  /** When every connection leaves: the load's start plus its duration. */
  public long runEndsAt() {
    return runEndsAt;
  }

  /** When the load started (after the server was up). */
  public long loadStartedAt() {
    return loadStartedAt;
  }

  /** The server's side so far, for decisions taken while the run goes on. */
  public ServerSide serverSide() {
    return timeline == null ? ServerSide.unseen() : timeline.stats().serverSide();
  }

  /** A section of summary.json that the simulation adds, computed when the report is written. */
  public void addToSummary(String key, Supplier<Object> section) {
    extraSummary.put(key, section);
  }

  /** How this simulation's runs are judged, instead of the churn's verdict. */
  public void judgedBy(Judge judge) {
    this.judge = judge;
  }

  /** Gatling's before(): start (or find) the server and its timeline. */
  public void start() {
    System.out.print(config.header(simulation));
    startedAt = System.currentTimeMillis();
    Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "connection-drop-report"));
    for (String signal : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(signal), s -> interrupted("SIG" + s.getName()));
    }
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write under " + results, e);
    }
    long pid = config.targetPid;
    Path statusFile = null;
    urls.addAll(config.targets);
    if (config.target == null) {
      // the embedded server also writes its status to a file: it still tells when its event loops are stalled
      statusFile = servers.statusFile(1);
      Map<String, String> properties = serverProperties();
      properties.put("server.statusFile", statusFile.toString());
      try {
        servers.start(properties);
      } catch (EmbeddedServers.NotStarted e) {
        serverNotStarted = e.getMessage();
        throw new RunNotStarted("the embedded server did not start: " + serverNotStarted);
      }
      urls.addAll(servers.urls());
      url = urls.get(0);
      pid = servers.first().pid();
      restartWith = properties;
    }
    if (!config.shard.whole()) {
      if (watchesTheServerForTheMerge()) {
        startTimelines(pid, statusFile);
        System.out.println("server timeline: its port and process seen from " + timeline.hostName()
            + ", for the merge of the shards (shard 1 watches the server for all of them)");
        timeline.awaitFirstStatus(3);
        otherTimelines.forEach(t -> t.awaitFirstStatus(3));
      }
      startWithTheOtherShards(); // a run of -Dinjectors watches its server itself: not each of its shards
      return;
    }
    startTimelines(pid, statusFile);
    System.out.println("server timeline: its port and process seen from " + timeline.hostName());
    timeline.awaitFirstStatus(3); // the baseline of this run's server counts comes before the load
    otherTimelines.forEach(t -> t.awaitFirstStatus(3));
    if (config.injectors > 1) {
      startTheOtherInjectors();
    } else {
      loadStartedAt = System.currentTimeMillis();
    }
    runEndsAt = loadStartedAt + config.duration.toMillis();
    if (config.target == null) {
      faultsFromNow();
    }
    clock.scheduleAtFixedRate(() -> series.add(allClientsNow()), 0, ClientSeries.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    watchGatlingsFolder();
  }

  /**
   * The server's timeline, once a second from now on: the first server's, with the clients' columns, and with
   * several servers each other one's.
   */
  private void startTimelines(long pid, Path statusFile) {
    try {
      timeline = new TimelineSampler(work.resolve(urls.size() > 1 ? timelineOf(1) : ServerPage.TIMELINE_CSV),
          new TimelineSampler.Watched(url, pid, statusFile, config.trust, config.targetAgent),
          new TimelineSampler.Clients() {
            @Override
            public long held() {
              return allClientsNow().held();
            }

            @Override
            public long reconnectAttempts() {
              return allClientsNow().reconnectAttempts();
            }

            @Override
            public long failedConnects() {
              return allClientsNow().failedConnects();
            }
          }).start(Duration.ofSeconds(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the timeline: " + e.getMessage(), e);
    }
    try {
      for (int i = 2; i <= urls.size(); i++) {
        // the other servers' own timelines: their clients are in the first one's
        boolean ours = config.target == null;
        otherTimelines.add(new TimelineSampler(work.resolve(timelineOf(i)), new TimelineSampler.Watched(urls.get(i - 1),
            ours ? servers.get(i).pid() : -1, ours ? servers.statusFile(i) : null, config.trust, null))
            .start(Duration.ofSeconds(1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the timeline: " + e.getMessage(), e);
    }
  }

  /**
   * The load has started: the embedded servers' timed faults count from now (they wait for this file), and so
   * does the restart the run carries out. A server JVM, and the other injectors, take seconds to start: from the
   * load, a fault comes when it was asked for, whatever they took.
   */
  private void faultsFromNow() {
    try {
      Path next = loadStart.resolveSibling(loadStart.getFileName() + ".next");
      Files.writeString(next, Long.toString(loadStartedAt));
      Files.move(next, loadStart, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell the servers when the load started: " + e.getMessage(), e);
    }
    if (config.restart != null) {
      scheduleRestart(restartWith, loadStartedAt);
    }
  }

  /** A shard started by hand (not by a run of -Dinjectors), whose folder is merged with the others' afterwards. */
  private boolean handStartedShard() {
    return !config.shard.whole() && !Boolean.getBoolean(Injectors.STARTED_BY_RUN);
  }

  /** Shard 1 of shards started by hand watches the server for all of them: one timeline, as for a whole run. */
  private boolean watchesTheServerForTheMerge() {
    return handStartedShard() && config.shard.index() == 1;
  }

  /** Server i's own timeline (from 1), when there are several. */
  private static String timelineOf(int instance) {
    return "server-timeline-" + instance + ".csv";
  }

  /** This injector's clients now. */
  private ClientSeries.Point clientsNow() {
    return ClientSeries.Point.of(tally, System.currentTimeMillis());
  }

  /** Every injector's clients now: this one's and, of -Dinjectors=N, the others' last counts. */
  private ClientSeries.Point allClientsNow() {
    return clientsNow().plus(injectors.live());
  }

  /**
   * -Dinjectors=N: the other N-1 injector JVMs, started now against this run's server; the load starts in all of
   * them at once, once they are all up (a Gatling JVM takes seconds to start).
   */
  private void startTheOtherInjectors() {
    try {
      injectors = Injectors.start(simulationClass, config.injectors,
          urls.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(",")), config.sourceAddresses(),
          work);
      loadStartedAt = injectors.startTogether(INJECTORS_READY_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the other injectors: " + e.getMessage(), e);
    }
    sleep(loadStartedAt - System.currentTimeMillis());
  }

  /**
   * A shard's start: at -Dstart.at, or, started by a run of -Dinjectors, when that run says (once every injector
   * is up). Its clients' counts go to that run ten times a second; its server is watched there.
   */
  private void startWithTheOtherShards() {
    long startAt = config.startAt;
    if (Boolean.getBoolean(Injectors.STARTED_BY_RUN)) {
      lab.launch.ParentWatch.exitWhenStdinCloses();
      try {
        startAt = Injectors.startTimeFromTheRun(results, INJECTORS_READY_TIMEOUT.plusSeconds(10));
      } catch (IOException e) {
        throw new RunNotStarted("shard " + config.shard + ": no start time from the run of all the injectors: " + e);
      }
    }
    long late = System.currentTimeMillis() - startAt;
    if (startAt >= 0 && late > 1000) {
      System.err.println("connection-drop: shard " + config.shard + ": " + late + " ms late for its start at "
          + java.time.Instant.ofEpochMilli(startAt) + ": its batches start that much later");
    }
    sleep(startAt - System.currentTimeMillis());
    loadStartedAt = System.currentTimeMillis();
    runEndsAt = loadStartedAt + config.duration.toMillis();
    if (timeline == null) {
      atLoadStart = ProcessStats.read(ProcessHandle.current().pid()).orElse(null);
    }
    Path live = handStartedShard() ? null : results.resolve(InjectorFile.LIVE); // for the run that started it
    clock.scheduleAtFixedRate(() -> {
      ClientSeries.Point now = clientsNow();
      series.add(now);
      try {
        if (live != null) {
          InjectorFile.writeLive(live, now);
        }
      } catch (IOException e) {
        // the next one, a tenth of a second later
      }
    }, 0, ClientSeries.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    watchGatlingsFolder();
  }

  private void watchGatlingsFolder() {
    Thread watcher = new Thread(() -> {
      while (!loadEnded && !gatlingRun.lookAtOpenFiles()) {
        sleep(200);
      }
    }, "gatling-run-folder");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * -Dfault=restart-at:T[:downtime]: at T from the load's start, kill the server (as abruptly as a crash), and
   * start a new one on the same port after the downtime, with -Dfault.restarted as its faults, counted from its
   * own start.
   */
  private void scheduleRestart(Map<String, String> properties, long loadStartedAt) {
    Map<String, String> again = new HashMap<>(properties);
    again.put("server.port", Integer.toString(servers.first().port()));
    again.remove("fault");
    again.remove("fault.from");
    if (config.restartedFaults != null) {
      again.put("fault", config.restartedFaults);
    }
    long delay = Math.max(0, loadStartedAt + config.restart.at().toMillis() - System.currentTimeMillis());
    // a thread of its own: the new server takes seconds to start, and the clients' series must go on meanwhile
    Thread restarter = new Thread(() -> {
      sleep(delay);
      if (loadEnded) {
        return;
      }
      restarts.add(System.currentTimeMillis());
      System.out.println("connection-drop: restart-at: killing the server (pid " + servers.first().pid() + ")");
      servers.first().kill();
      sleep(config.restart.downtime().toMillis());
      try {
        servers.replaceFirst(ServerProcess.start(again, config.serverJvmArgs, config.serverOpenFileLimit,
            work.resolve("server-" + (restarts.size() + 1) + ".log"), EmbeddedServers.READY_TIMEOUT));
        System.out.println("connection-drop: restart-at: the server is back (pid " + servers.first().pid() + ")");
      } catch (IOException | RuntimeException e) {
        System.err.println("connection-drop: restart-at: the server did not come back: " + EmbeddedServers.failure(e));
      }
    }, "server-restart");
    restarter.setDaemon(true);
    restarter.start();
  }

  /** Gatling's after(): the load is over; stop watching and stop the server we started. */
  public void stop() {
    loadEnded = true;
    tally.runEnded();
    if (atLoadStart != null) {
      atLoadEnd = ProcessStats.read(ProcessHandle.current().pid()).orElse(null);
    }
    awaitTheOtherInjectors(); // their load ends with this one's: the server and its timeline wait for them
    stopServerAndTimeline();
  }

  private void awaitTheOtherInjectors() {
    injectors.awaitEnd(System.currentTimeMillis() + config.ackTimeout.plus(config.connectTimeout).toMillis() + 60_000);
  }

  private void stopServerAndTimeline() {
    clock.shutdownNow();
    if (timeline != null) {
      timeline.close();
    }
    otherTimelines.forEach(TimelineSampler::close);
    Integer ended = servers.stop();
    try {
      Files.deleteIfExists(loadStart); // the servers' clock, not a result
    } catch (IOException e) {
      // left beside the report
    }
    if (serverExitCode == null) {
      serverExitCode = ended;
    }
  }

  private void interrupted(String signal) {
    if (interruptedBy == null) {
      interruptedBy = signal;
      interruptedAt = System.currentTimeMillis();
      tally.runEnded(); // the figures are those up to the signal, not what stopping everything does after it
      System.out.println("connection-drop: " + signal + ": stopping the run, writing its report");
    }
    System.exit(Verdict.INTERRUPTED_EXIT);
  }

  /** After Gatling's report: ours beside it, the verdict, and the exit status. Runs once, whatever happened before. */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    int exit = Verdict.FAIL_EXIT;
    try {
      if (!loadEnded) {
        tally.runEnded();
        injectors.stop(); // interrupted: each writes its report with what it saw until now
        awaitTheOtherInjectors();
      }
      stopServerAndTimeline();
      ClientCounts own = tally.counts();
      Injectors.Merged injected = injectors.merge(own);
      ClientCounts clients = injected.clients();
      Optional<Path> gatlingFolder = gatlingRun.find();
      boolean gatlingFinished = loadEnded && gatlingFolder.map(p -> Files.exists(p.resolve("index.html"))).orElse(false);
      RunEnd end = new RunEnd(interruptedBy, interruptedAt, serverNotStarted, gatlingFinished, serverExitCode,
          injected.lost());
      RunFacts facts = new RunFacts(simulation, url == null ? "(none)" : url.toString(), startedAt, loadStartedAt,
          loadStartedAt > 0 ? runEndsAt : -1, config.plannedForThisRun(), config.tolerancePercent, config.ackTimeout,
          timeline != null ? timeline.seesHost() : config.shard.whole(),
          (config.shard.whole() || timeline != null)
              && (config.target == null || config.targetPid > 0 || timeline != null && timeline.watchesProcess()),
          config.describe());
      List<TimelineStats> timelines = new ArrayList<>(List.of(timeline == null ? new TimelineStats() : timeline.stats()));
      otherTimelines.forEach(t -> timelines.add(t.stats()));
      ServerSide serverSide = timelines.stream().map(TimelineStats::serverSide).reduce(ServerSide::plus).orElseThrow();
      if (urls.size() > 1 && timeline != null) {
        List<Path> each = new ArrayList<>();
        for (int i = 1; i <= urls.size(); i++) {
          each.add(work.resolve(timelineOf(i)));
        }
        TimelineSum.write(each, work.resolve(ServerPage.TIMELINE_CSV)); // server.html and the leaks read the whole
      }
      long loadEnd = loadStartedAt > 0 ? runEndsAt : -1;
      List<Long> seen = serverSide.restarts().stream().map(TimelineStats.Restart::at).toList();
      List<Recoveries.Recovery> recoveries = Recoveries.of(series.points(), restarts, seen, loadEnd);
      Leaks leaks = loadStartedAt > 0
          ? Leaks.of(work.resolve("server-timeline.csv"), loadStartedAt + config.steadyFrom().toMillis(),
              interruptedAt > 0 ? Math.min(interruptedAt, loadEnd) : loadEnd, config.leaks)
          : Leaks.none("the load never started");
      // a shard judges its own clients: the server's side is all the shards' (their merge judges it)
      ServerSide judged = config.shard.whole() ? serverSide : ServerSide.unseen();
      Verdict verdict = judge.judge(facts, end, clients, judged, recoveries,
          config.shard.whole() ? leaks : Leaks.none("a shard's run: the merge of the shards judges the server"));
      List<PageInput.Mark> marks = new ArrayList<>();
      for (int i = 0; loadStartedAt > 0 && i < config.batches; i++) {
        marks.add(new PageInput.Mark("batch " + (i + 1), loadStartedAt + config.batchStart(i).toMillis()));
      }
      for (Recoveries.Recovery r : recoveries) {
        marks.add(new PageInput.Mark(r.cause(), r.at(), r.until(loadEnd)));
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("recoveries", recoveries.stream().map(r -> r.json(facts)).toList());
      extra.put("leaks", leaks.json(facts));
      if (config.injectors > 1) {
        extra.put("injectors", injected.others());
      }
      if (urls.size() > 1) {
        extra.put("servers", eachServer(timelines));
      }
      extraSummary.forEach((k, v) -> extra.put(k, v.get()));
      if (timeline == null && atLoadStart != null && atLoadEnd != null) {
        extra.put("injector", RunSummary.injectorWithoutTimeline(atLoadStart, atLoadEnd,
            ProcessStats.peakRssBytes(ProcessHandle.current().pid()), own));
      }
      Path run = new RunReport(facts, results, work, marks).write(gatlingFolder, end, verdict, clients, own, timelines,
          judged, extra);
      InjectorFile.write(run.resolve(InjectorFile.NAME), config.shard.toString(), own);
      if (handStartedShard()) {
        ClientSeries.write(run.resolve(ClientSeries.CSV), series.points());
        List<Duration> starts = new ArrayList<>();
        for (int i = 0; i < config.batches; i++) {
          starts.add(config.batchStart(i));
        }
        ShardRun.Watched watched = timeline == null ? null : ShardRun.watched(serverSide,
            RunSummary.server(facts, serverSide, timelines, own.lifetimes()), leaks.json(facts), leaks.leaking());
        new ShardRun(config.shard, facts, interruptedBy, interruptedAt, gatlingFinished, config.expectRecovery, starts,
            watched).write(run.resolve(ShardRun.NAME));
      }
      exit = verdict.exitCode();
    } catch (RuntimeException | Error | IOException e) {
      System.err.println("connection-drop: the report could not be written: " + e);
      e.printStackTrace();
    }
    System.out.flush();
    System.err.flush();
    // The verdict is the exit status: Gatling's own (0 unless it crashed) is replaced by it.
    Runtime.getRuntime().halt(exit);
  }

  /** Each of several servers' own side, for summary.json: a drop is attributed to its server. */
  private List<Map<String, Object>> eachServer(List<TimelineStats> timelines) {
    List<Map<String, Object>> each = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      ServerSide one = timelines.size() > i ? timelines.get(i).serverSide() : ServerSide.unseen();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("instance", i + 1);
      m.put("url", urls.get(i).toString());
      m.put("pid", config.target == null ? servers.get(i + 1).pid() : null);
      m.put("timeline", timelineOf(i + 1));
      m.put("peakConnected", one.peakConnected() >= 0 ? one.peakConnected() : null);
      m.put("connects", one.connects());
      m.put("drops", one.drops());
      m.put("disconnects", one.disconnects());
      m.put("diedAt", one.processGoneAt() > 0 ? one.processGoneAt() : null);
      each.add(m);
    }
    return each;
  }

  /**
   * The -Dserver.* properties of this JVM, as typed, passed on to the server's (but the launcher's own), and the
   * faults the server carries out itself (-Dfault without its restart, which the run carries out).
   */
  private Map<String, String> serverProperties() {
    Map<String, String> p = new HashMap<>();
    PropertyReader reader = PropertyReader.system();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("server.") && !ChurnConfig.LAUNCHER_KNOBS.contains(key) && reader.raw(key) != null) {
        p.put(key, reader.raw(key));
      }
    }
    if (config.serverFaults != null) {
      p.put("fault", config.serverFaults);
      p.put("fault.from", loadStart.toString()); // written when the load starts
    }
    return p;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops Gatling before its load, with one line: the report and the verdict follow. */
  static final class RunNotStarted extends RuntimeException {
    RunNotStarted(String message) {
      super(message, null, false, false);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
