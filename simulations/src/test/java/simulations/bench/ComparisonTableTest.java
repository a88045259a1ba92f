package simulations.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneRowPerRunWithTheFiguresOfItsSummary() throws Exception {
    ComparisonTable table = new ComparisonTable();
    table.add("embedded", 8000, JSON.readTree("""
        {"verdict":"PASS","peakHeld":{"byClients":8000,"byServer":8000},"drops":{"total":0},"failedConnects":{"total":0},
         "lateAnswers":{"total":0},
         "latency":{"connect":{"p50Ms":979.4,"p99Ms":6630.0},"ack":{"p50Ms":1.2,"p99Ms":778.0}},
         "server":{"rssPerConnectionBytes":79872,"cpuSecondsPer1000Lifetimes":3.105},
         "injector":{"cpuSecondsPer1000Lifetimes":3.2381,"samplerCpuSecondsPer1000Lifetimes":0.4049,
                     "rssPerConnectionBytes":51200}}"""));
    table.add("remote", 8000, JSON.readTree("""
        {"verdict":"FAIL","peakHeld":{"byClients":7990,"byServer":null},"drops":{"total":12},"failedConnects":{"total":3},
         "lateAnswers":{"total":2},"latency":{"connect":{"p50Ms":null},"ack":{}},"server":{},"injector":{}}"""));

    String[] lines = table.markdown().split("\n");
    assertEquals(4, lines.length);
    assertEquals("| server | size | held | drops | failed connects | late answers | connect p50/p99 ms | ack p50/p99 ms"
        + " | server RSS/conn KiB"
        + " | server CPU-s/1000 lifetimes | injector CPU-s/1000 lifetimes | sampler CPU-s/1000 lifetimes"
        + " | injector RSS/conn KiB | verdict |", lines[0]);
    assertEquals("| embedded | 8000 | 8000 | 0 | 0 | 0 | 979 / 6630 | 1 / 778 | 78 | 3.11 | 3.24 | 0.40 | 50 | PASS |",
        lines[2]);
    assertEquals("| remote | 8000 | 7990 | 12 | 3 | 2 | - / - | - / - | - | - | - | - | - | FAIL |", lines[3],
        "the clients' peak where the server tells none; unknown figures as -");
    assertEquals(2, table.rows().size());
  }

  @Test
  void aRunWithARestartAddsItsRecoveryToATableOfItsOwn() throws Exception {
    ComparisonTable table = new ComparisonTable();
    table.add("embedded", 8000, JSON.readTree("""
        {"verdict":"PASS","peakHeld":{"byServer":8000},"drops":{"total":8000},"failedConnects":{"total":35},
         "lateAnswers":{"total":0},"latency":{},"server":{},"injector":{},
         "recoveries":[{"secondsIn":120,"lost":8000,"recovered":8000,"timeTo50PercentMs":4100,
                        "timeTo95PercentMs":9800,"timeTo100PercentMs":12345,"reconnectAttempts":9100,
                        "failedAttempts":1100,"peakConnectsPerSecond":2600}]}"""));
    table.add("node", 8000, JSON.readTree("""
        {"verdict":"FAIL","peakHeld":{"byServer":8000},"drops":{"total":8000},"failedConnects":{"total":0},
         "lateAnswers":{"total":0},"latency":{},"server":{},"injector":{},
         "recoveries":[{"secondsIn":121,"lost":8000,"recovered":7990,"timeTo50PercentMs":6000,
                        "timeTo95PercentMs":30000,"timeTo100PercentMs":null,"reconnectAttempts":8500,
                        "failedAttempts":490,"peakConnectsPerSecond":900}]}"""));
    String[] lines = table.markdown().split("\n");
    assertEquals("Recoveries:", lines[5]);
    assertEquals("| server | size | event at s | lost | recovered | 50 % back s | 95 % back s | all back s | reconnect attempts"
        + " | failed attempts | peak connects/s |", lines[7]);
    assertEquals("| embedded | 8000 | 120 | 8000 | 8000 | 4.1 | 9.8 | 12.3 | 9100 | 1100 | 2600 |", lines[9]);
    assertEquals("| node | 8000 | 121 | 8000 | 7990 | 6.0 | 30.0 | never | 8500 | 490 | 900 |", lines[10]);
  }
}
