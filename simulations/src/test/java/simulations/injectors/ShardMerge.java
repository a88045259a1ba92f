package simulations.injectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import lab.timeline.ServerSide;
import lab.timeline.TimelineColumns;
import lab.timeline.TimelineStats;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;
import simulations.report.Folders;
import simulations.report.Leaks;
import simulations.report.PageInput;
import simulations.report.Recoveries;
import simulations.report.RunEnd;
import simulations.report.RunFacts;
import simulations.report.RunReport;
import simulations.report.RunSummary;
import simulations.report.ServerPage;
import simulations.report.ShardIndex;
import simulations.report.Verdict;

/**
 * The folders of N shards started by hand ({@code -Dshard=i/N}, on one host or several, copied back to one) as
 * one run: one verdict on all the clients' counts and histograms added up, with the server's side that shard 1
 * watched for all of them; one summary.json and server.html, each shard's folder (its Gatling report) inside.
 * {@code bench/merge.sh results/a results/b ...}; the exit status is the verdict's, as a run's.
 */
public final class ShardMerge {

  private ShardMerge() {}

  /** One shard's folder, read. */
  record Part(Path dir, ShardRun run, ClientCounts clients, List<ClientSeries.Point> series) {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: bench/merge.sh <shard folder> <shard folder> ...   (each a results/<run> folder of a"
          + " run of -Dshard=i/N; the merged run is written under results/)");
      System.exit(64);
    }
    Path results = Path.of(System.getProperty("results.dir", "results")).toAbsolutePath().normalize();
    List<Path> dirs = new ArrayList<>();
    for (String a : args) {
      dirs.add(Path.of(a).toAbsolutePath().normalize());
    }
    try {
      Merged merged = merge(dirs, results);
      System.exit(merged.verdict().exitCode());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("connection-drop: merge: " + e.getMessage());
      System.exit(64);
    }
  }

  /** The merged run's folder and its verdict. */
  public record Merged(Path run, Verdict verdict) {}

  /** Merges the shards' folders {@code dirs} into a new run folder under {@code results}; nothing of theirs moves. */
  public static Merged merge(List<Path> dirs, Path results) throws IOException {
    List<Part> parts = new ArrayList<>();
    for (Path dir : dirs) {
      parts.add(read(dir));
    }
    int of = parts.get(0).run().shard().of();
    TreeMap<Integer, Part> byIndex = new TreeMap<>();
    for (Part p : parts) {
      Shard s = p.run().shard();
      if (s.of() != of) {
        throw new IllegalArgumentException("shards of different runs: " + parts.get(0).run().shard() + " in "
            + parts.get(0).dir() + ", " + s + " in " + p.dir());
      }
      Part twice = byIndex.put(s.index(), p);
      if (twice != null) {
        throw new IllegalArgumentException("shard " + s + " given twice: " + twice.dir() + " and " + p.dir());
      }
    }
    for (Part p : parts) {
      sameProfile(parts.get(0), p);
    }
    List<String> lost = new ArrayList<>();
    for (int i = 1; i <= of; i++) {
      if (!byIndex.containsKey(i)) {
        lost.add(i + "/" + of + ": no folder given (its clients are not in this verdict)");
      }
    }

    ClientCounts clients = null;
    Part first = byIndex.firstEntry().getValue();
    Part watcher = byIndex.values().stream().filter(p -> p.run().watched() != null).findFirst().orElse(null);
    Part facts0 = watcher != null ? watcher : first;
    long startedAt = Long.MAX_VALUE;
    long loadStartedAt = Long.MAX_VALUE;
    long loadEndsAt = -1;
    int planned = 0;
    String interruptedBy = null;
    long interruptedAt = -1;
    boolean gatlingFinished = true;
    List<List<ClientSeries.Point>> series = new ArrayList<>();
    List<Map<String, Object>> each = new ArrayList<>();
    for (Part p : byIndex.values()) {
      clients = clients == null ? p.clients() : clients.plus(p.clients());
      RunFacts f = p.run().facts();
      startedAt = Math.min(startedAt, f.startedAt());
      if (f.loadStartedAt() > 0) {
        loadStartedAt = Math.min(loadStartedAt, f.loadStartedAt());
      }
      loadEndsAt = Math.max(loadEndsAt, f.loadEndsAt());
      planned += f.plannedConnections();
      if (interruptedBy == null && p.run().interruptedBy() != null) {
        interruptedBy = "shard " + p.run().shard() + ": " + p.run().interruptedBy();
        interruptedAt = p.run().interruptedAt();
      }
      gatlingFinished &= p.run().gatlingFinished();
      series.add(p.series());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shard", p.run().shard().toString());
      m.put("folder", folderOf(p));
      m.put("from", p.dir().toString());
      m.put("lifetimes", p.clients().lifetimes());
      m.put("peakHeld", p.clients().peakHeld());
      m.put("dropsSeen", p.clients().totalDrops());
      m.put("failedConnects", p.clients().totalFailedConnects());
      m.put("watchedTheServer", p.run().watched() != null);
      each.add(m);
    }

    RunFacts f0 = facts0.run().facts();
    Map<String, String> config = new LinkedHashMap<>(f0.config());
    config.remove("shard"); // judged as the whole run: the server's side is checked
    config.put("shards", of + " merged (" + byIndex.size() + " given)");
    RunFacts facts = new RunFacts(f0.simulation() + "-merged", f0.target(), startedAt,
        loadStartedAt == Long.MAX_VALUE ? -1 : loadStartedAt, loadEndsAt, planned, f0.tolerancePercent(), f0.ackTimeout(),
        watcher != null && f0.serverLocal(), watcher != null && f0.pidKnown(), config);
    RunEnd end = new RunEnd(interruptedBy, interruptedAt, null, gatlingFinished, null, lost);
    ServerSide server = watcher == null ? ServerSide.unseen() : watcher.run().watched().side();

    List<ClientSeries.Point> all = ClientSeries.sum(series);
    long loadEnd = facts.loadStartedAt() > 0 ? facts.loadEndsAt() : -1;
    List<Long> seen = server.restarts().stream().map(TimelineStats.Restart::at).toList();
    List<Recoveries.Recovery> recoveries = Recoveries.of(all, List.of(), seen, loadEnd);
    List<Leaks.Slope> leaking = watcher == null ? List.of() : watcher.run().watched().leaking();
    Verdict verdict = Verdict.ofChurn(facts, end, clients, server, recoveries, facts0.run().expectRecovery(), leaking);

    Path work = results.resolve(".merging-" + ProcessHandle.current().pid());
    Files.createDirectories(work);
    for (Part p : byIndex.values()) {
      Folders.copy(p.dir(), work.resolve(folderOf(p)));
    }
    if (watcher != null && Files.exists(watcher.dir().resolve(ServerPage.TIMELINE_CSV))) {
      withTheClientsOfAll(watcher.dir().resolve(ServerPage.TIMELINE_CSV), all, work.resolve(ServerPage.TIMELINE_CSV));
    }
    List<PageInput.Mark> marks = new ArrayList<>();
    List<java.time.Duration> starts = facts0.run().batchStarts();
    for (int i = 0; facts.loadStartedAt() > 0 && i < starts.size(); i++) {
      marks.add(new PageInput.Mark("batch " + (i + 1), facts.loadStartedAt() + starts.get(i).toMillis()));
    }
    for (Recoveries.Recovery r : recoveries) {
      marks.add(new PageInput.Mark(r.cause(), r.at(), r.until(loadEnd)));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("recoveries", recoveries.stream().map(r -> r.json(facts)).toList());
    extra.put("leaks", watcher != null ? watcher.run().watched().leaks()
        : Leaks.none("no shard watched the server (shard 1's folder is not among those merged)").json(facts));
    extra.put("injectors", each);
    if (watcher != null) {
      ObjectNode section = watcher.run().watched().server().deepCopy();
      // its cost per 1000 lifetimes of all the shards, not of shard 1's alone
      Double perThousand = section.path("cpuSeconds").isNumber()
          ? RunSummary.perThousand(Math.round(section.path("cpuSeconds").asDouble() * 1e9), clients.lifetimes()) : null;
      section.set("cpuSecondsPer1000Lifetimes", perThousand == null ? section.nullNode() : section.numberNode(perThousand));
      extra.put("server", section);
    }
    Path run = new RunReport(facts, results, work, marks).write(Optional.empty(), end, verdict, clients,
        clients, List.of(new TimelineStats()), server, extra);
    List<ShardIndex.Entry> entries = new ArrayList<>();
    for (Part p : byIndex.values()) {
      entries.add(new ShardIndex.Entry(p.run().shard().toString(), folderOf(p), p.clients().lifetimes() + " lifetimes, "
          + p.clients().peakHeld() + " held at most, " + p.clients().totalDrops() + " drops seen"));
    }
    ShardIndex.write(run, facts.simulation() + " · " + run.getFileName(), verdict.line(), entries);
    return new Merged(run, verdict);
  }

  /** What may differ from one shard to the next: which one it is, and how it watches or trusts the server. */
  private static final Set<String> PER_SHARD = Set.of("shard", "target.pid", "target.agent", "trust");

  /** The shards of one run play one profile from one start: a typo on one machine is another run. */
  private static void sameProfile(Part a, Part b) {
    Map<String, String> x = a.run().facts().config();
    Map<String, String> y = b.run().facts().config();
    Set<String> keys = new TreeSet<>(x.keySet());
    keys.addAll(y.keySet());
    for (String k : keys) {
      String u = PER_SHARD.contains(k) ? startOf(x.get(k)) : x.get(k);
      String v = PER_SHARD.contains(k) ? startOf(y.get(k)) : y.get(k);
      if (!Objects.equals(u, v)) {
        throw new IllegalArgumentException("shards of different runs: " + k + " is \"" + u + "\" in " + a.dir()
            + ", \"" + v + "\" in " + b.dir());
      }
    }
  }

  /** Of the shard's line ("2/3 (1 of the 3 batches...), load from T"), its start; of another per-shard line, nothing. */
  private static String startOf(String shardLine) {
    int from = shardLine == null ? -1 : shardLine.indexOf("load from ");
    return from < 0 ? null : shardLine.substring(from);
  }

  /** Shard i's folder inside the merged run's. */
  private static String folderOf(Part p) {
    return "shard-" + p.run().shard().index();
  }

  private static Part read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such folder");
    }
    for (String name : List.of(ShardRun.NAME, InjectorFile.NAME, ClientSeries.CSV)) {
      if (!Files.exists(dir.resolve(name))) {
        throw new IllegalArgumentException(dir + ": no " + name + ": not the folder of a run of -Dshard=i/N started by"
            + " hand (each writes its " + ShardRun.NAME + ", " + InjectorFile.NAME + " and " + ClientSeries.CSV + ")");
      }
    }
    return new Part(dir, ShardRun.read(dir.resolve(ShardRun.NAME)), InjectorFile.read(dir.resolve(InjectorFile.NAME)),
        ClientSeries.read(dir.resolve(ClientSeries.CSV)));
  }

  /**
   * Shard 1's server timeline with the clients' columns of all the shards: held at each row's time, and the
   * reconnects and failed connects since the row before.
   */
  static void withTheClientsOfAll(Path timeline, List<ClientSeries.Point> all, Path into) throws IOException {
    List<String> lines = Files.readAllLines(timeline, StandardCharsets.UTF_8);
    List<String> names = List.of(TimelineColumns.header().split(","));
    int time = names.indexOf("time");
    int held = names.indexOf("held");
    int reconnects = names.indexOf("reconnect_attempts");
    int failed = names.indexOf("failed_connects");
    List<String> out = new ArrayList<>(List.of(TimelineColumns.header()));
    ClientSeries.Point before = null;
    int next = 0;
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length != names.size()) {
        throw new IOException(timeline + ": a row of " + cells.length + " cells, " + names.size() + " expected");
      }
      long t = Long.parseLong(cells[time]);
      while (next < all.size() && all.get(next).time() <= t) {
        next++;
      }
      ClientSeries.Point at = next > 0 ? all.get(next - 1) : new ClientSeries.Point(t, 0, 0, 0, 0, 0, 0);
      cells[held] = Long.toString(at.held());
      cells[reconnects] = Long.toString(at.reconnectAttempts() - (before == null ? 0 : before.reconnectAttempts()));
      cells[failed] = Long.toString(at.failedConnects() - (before == null ? 0 : before.failedConnects()));
      before = at;
      out.add(String.join(",", cells));
    }
    Files.write(into, out, StandardCharsets.UTF_8);
  }
}
