package simulations.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One row per run, side by side: the figures that say how well a server held the same churn, and at what cost. */
public final class ComparisonTable {

  /** Column header to how it is computed from a run's summary.json. */
  private static final List<String> COLUMNS = List.of("server", "size", "held", "drops", "failed connects",
      "late answers", "connect p50/p99 ms", "ack p50/p99 ms", "server RSS/conn KiB", "server CPU-s/1000 lifetimes",
      "injector CPU-s/1000 lifetimes", "sampler CPU-s/1000 lifetimes", "injector RSS/conn KiB", "verdict");

  /** The recovery after each event that lost connections (a restart), one row per event. */
  private static final List<String> RECOVERY_COLUMNS = List.of("server", "size", "event at s", "lost", "recovered",
      "50 % back s", "95 % back s", "all back s", "reconnect attempts", "failed attempts", "peak connects/s");

  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final List<Map<String, Object>> recoveries = new ArrayList<>();

  public void add(String server, int size, JsonNode summary) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("server", server);
    row.put("size", size);
    JsonNode byServer = summary.at("/peakHeld/byServer");
    row.put("held", byServer.isNumber() ? byServer.asLong() : summary.at("/peakHeld/byClients").asLong());
    row.put("drops", summary.at("/drops/total").asLong());
    row.put("failed connects", summary.at("/failedConnects/total").asLong());
    row.put("late answers", summary.at("/lateAnswers/total").asLong());
    row.put("connect p50/p99 ms", millis(summary.at("/latency/connect/p50Ms")) + " / " + millis(summary.at("/latency/connect/p99Ms")));
    row.put("ack p50/p99 ms", millis(summary.at("/latency/ack/p50Ms")) + " / " + millis(summary.at("/latency/ack/p99Ms")));
    row.put("server RSS/conn KiB", kib(summary.at("/server/rssPerConnectionBytes")));
    row.put("server CPU-s/1000 lifetimes", decimal(summary.at("/server/cpuSecondsPer1000Lifetimes")));
    row.put("injector CPU-s/1000 lifetimes", decimal(summary.at("/injector/cpuSecondsPer1000Lifetimes")));
    row.put("sampler CPU-s/1000 lifetimes", decimal(summary.at("/injector/samplerCpuSecondsPer1000Lifetimes")));
    row.put("injector RSS/conn KiB", kib(summary.at("/injector/rssPerConnectionBytes")));
    row.put("verdict", summary.path("verdict").asText());
    rows.add(row);
    for (JsonNode r : summary.path("recoveries")) {
      Map<String, Object> recovery = new LinkedHashMap<>();
      recovery.put("server", server);
      recovery.put("size", size);
      recovery.put("event at s", r.path("secondsIn").asLong());
      recovery.put("lost", r.path("lost").asLong());
      recovery.put("recovered", r.path("recovered").asLong());
      recovery.put("50 % back s", seconds(r.path("timeTo50PercentMs")));
      recovery.put("95 % back s", seconds(r.path("timeTo95PercentMs")));
      recovery.put("all back s", seconds(r.path("timeTo100PercentMs")));
      recovery.put("reconnect attempts", r.path("reconnectAttempts").asLong());
      recovery.put("failed attempts", r.path("failedAttempts").asLong());
      recovery.put("peak connects/s", r.path("peakConnectsPerSecond").asLong());
      recoveries.add(recovery);
    }
  }

  public List<Map<String, Object>> recoveries() {
    return recoveries;
  }

  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** The table, and the recoveries' table under it when a run lost connections in an event. */
  public String markdown() {
    String table = markdown(COLUMNS, rows);
    return recoveries.isEmpty() ? table : table + "\nRecoveries:\n\n" + markdown(RECOVERY_COLUMNS, recoveries);
  }

  private static String markdown(List<String> columns, List<Map<String, Object>> rows) {
    StringBuilder s = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
    columns.forEach(c -> s.append(" --- |"));
    s.append('\n');
    for (Map<String, Object> row : rows) {
      s.append("| ");
      for (String c : columns) {
        s.append(row.get(c)).append(" | ");
      }
      s.setLength(s.length() - 1);
      s.append('\n');
    }
    return s.toString();
  }

  private static String seconds(JsonNode ms) {
    return ms.isNumber() ? String.format(Locale.ROOT, "%.1f", ms.asDouble() / 1000) : "never";
  }

  private static String millis(JsonNode ms) {
    return ms.isNumber() ? Long.toString(Math.round(ms.asDouble())) : "-";
  }

  private static String kib(JsonNode bytes) {
    return bytes.isNumber() ? Long.toString(Math.round(bytes.asDouble() / 1024)) : "-";
  }

  private static String decimal(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.2f", n.asDouble()) : "-";
  }
}
