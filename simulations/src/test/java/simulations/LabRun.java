package simulations;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import lab.launch.ServerProcess;
import lab.timeline.TimelineSampler;
import lab.timeline.TimelineStats;
import simulations.report.PageInput;
import simulations.report.RunFacts;
import simulations.report.RunReport;

/**
 * One run of the lab around a simulation: the server under test (started as a child JVM, or the one named by
 * -Dtarget), its timeline while the load runs, and, once Gatling has written its own report, ours beside it
 * under results/. The report step runs in a shutdown hook because Gatling writes its HTML after after() and
 * then exits; a hook also runs when the run fails, so a crashed server still gets its report.
 */
public final class LabRun {

  private static final Duration SERVER_READY_TIMEOUT = Duration.ofSeconds(60);

  private final String simulation;
  private final ChurnConfig config;
  private final Path results = Path.of(System.getProperty("results.dir", "../results")).toAbsolutePath().normalize();
  private final Path gatlingResults = Path.of(System.getProperty("gatling.results.dir", "target/gatling")).toAbsolutePath();
  private final Path work;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Map<String, Supplier<Object>> extraSummary = new LinkedHashMap<>();
  private Supplier<String> headline;
  private volatile long startedAt;
  private volatile long runEndsAt = Long.MAX_VALUE;
  private ServerProcess server;
  private TimelineSampler timeline;
  private URI url;

  public LabRun(String simulation, ChurnConfig config) {
    this.simulation = simulation;
    this.config = config;
    this.work = results.resolve(".running-" + ProcessHandle.current().pid());
    this.url = config.target;
  }

  /** The server's URL as the load sees it: known once {@link #start()} has run. */
  public URI url() {
    return url;
  }

  /** When every connection leaves: the run's start plus its duration. */
  public long runEndsAt() {
    return runEndsAt;
  }

  /** When the load started (after the server was up). */
  public long loadStartedAt() {
    return runEndsAt - config.duration.toMillis();
  }

  /** The server's last answer to /status, or null. */
  public JsonNode lastServerStatus() {
    return timeline == null ? null : timeline.stats().lastStatus();
  }

  /** A section of summary.json that the simulation adds, computed when the report is written. */
  public void addToSummary(String key, Supplier<Object> section) {
    extraSummary.put(key, section);
  }

  /** A verdict line of the simulation's own, printed instead of the default one. */
  public void headline(Supplier<String> headline) {
    this.headline = headline;
  }

  /** Gatling's before(): start (or find) the server and its timeline. */
  public void start() {
    System.out.print(config.header(simulation));
    startedAt = System.currentTimeMillis();
    Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "connection-drop-report"));
    try {
      Files.createDirectories(work);
      long pid = config.targetPid;
      Path statusFile = null;
      if (config.target == null) {
        // the embedded server also writes its status to a file: it still tells when its event loops are stalled
        statusFile = work.resolve("server-status.json");
        Map<String, String> properties = serverProperties();
        properties.put("server.statusFile", statusFile.toString());
        server = ServerProcess.start(properties, config.serverJvmArgs, work.resolve("server.log"), SERVER_READY_TIMEOUT);
        url = URI.create(server.url());
        pid = server.pid();
        System.out.println("embedded server: " + url + " (pid " + pid + "), log " + work.resolve("server.log"));
      }
      timeline = new TimelineSampler(work.resolve("server-timeline.csv"), new TimelineSampler.Target(url, pid, statusFile))
          .start(Duration.ofSeconds(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the run: " + e.getMessage(), e);
    }
    runEndsAt = System.currentTimeMillis() + config.duration.toMillis();
  }

  /** Gatling's after(): the load is over; stop watching and stop the server we started. */
  public void stop() {
    if (timeline != null) {
      timeline.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** After Gatling's report: ours beside it, and the verdict. Runs once, whatever happened before. */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      stop();
      RunFacts facts = new RunFacts(simulation, url == null ? "(none)" : url.toString(), startedAt,
          config.targetConnections(), config.tolerancePercent, config.describe());
      List<PageInput.Mark> marks = new ArrayList<>();
      for (int i = 0; runEndsAt != Long.MAX_VALUE && i < config.batches; i++) { // none if the load never started
        marks.add(new PageInput.Mark("batch " + (i + 1), loadStartedAt() + config.batchStart(i).toMillis()));
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extraSummary.forEach((k, v) -> extra.put(k, v.get()));
      new RunReport(facts, gatlingResults, results, work, timeline == null ? new TimelineStats() : timeline.stats(), marks,
          extra, headline == null ? null : headline.get()).write();
    } catch (RuntimeException | Error e) {
      System.err.println("connection-drop: the report could not be written: " + e);
      e.printStackTrace();
    }
  }

  /** The -Dserver.* and -Dfault properties of this JVM, passed on to the server's. */
  private static Map<String, String> serverProperties() {
    Map<String, String> p = new HashMap<>();
    System.getProperties().forEach((k, v) -> {
      String key = k.toString();
      if ((key.startsWith("server.") && !key.equals("server.jvmArgs")) || key.equals("fault")) {
        p.put(key, v.toString());
      }
    });
    return p;
  }
}
