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
        {"verdict":"PASS","peakConnections":8000,"unexpectedDisconnects":{"total":0},"failedConnects":0,
         "requests":{"connect":{"p50":979,"p99":6630},"ping: ack":{"p50":1,"p99":778}},
         "rssPerConnectionBytes":79872,"serverCpuSecondsPer1000Lifetimes":3.105,
         "injectorCpuSecondsPer1000Lifetimes":3.2381,"samplerCpuSecondsPer1000Lifetimes":0.4049,
         "injectorRssPerConnectionBytes":51200}"""));
    table.add("node", 8000, JSON.readTree("""
        {"verdict":"FAIL","peakConnections":7990,"unexpectedDisconnects":{"total":12},"failedConnects":3,"requests":{}}"""));

    String[] lines = table.markdown().split("\n");
    assertEquals(4, lines.length);
    assertEquals("| server | size | held | drops | failed connects | connect p50/p99 ms | ack p50/p99 ms | server RSS/conn KiB"
        + " | server CPU-s/1000 lifetimes | injector CPU-s/1000 lifetimes | sampler CPU-s/1000 lifetimes"
        + " | injector RSS/conn KiB | verdict |", lines[0]);
    assertEquals("| embedded | 8000 | 8000 | 0 | 0 | 979 / 6630 | 1 / 778 | 78 | 3.11 | 3.24 | 0.40 | 50 | PASS |", lines[2]);
    assertEquals("| node | 8000 | 7990 | 12 | 3 | - / - | - / - | - | - | - | - | - | FAIL |", lines[3]);
    assertEquals(2, table.rows().size());
  }
}
