package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Leak slopes from a timeline a second apart: noise and a full collection's sawtooth pass, a steady growth fails. */
class LeaksTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final long MIB = 1 << 20;
  private static final Leaks.Thresholds THRESHOLDS = new Leaks.Thresholds(32, 16, 100, 10, 64, 16, Duration.ofMinutes(20));

  /** {@code seconds} rows; each column's value at second s given by its function. */
  private static Map<String, List<BigDecimal>> timeline(int seconds, Map<String, LongFunction<Long>> columns) {
    Map<String, List<BigDecimal>> t = new LinkedHashMap<>();
    t.put(TimelineCsv.TIME, new ArrayList<>());
    columns.keySet().forEach(c -> t.put(c, new ArrayList<>()));
    for (long s = 0; s < seconds; s++) {
      t.get(TimelineCsv.TIME).add(BigDecimal.valueOf(T0 + s * 1000));
      for (Map.Entry<String, LongFunction<Long>> c : columns.entrySet()) {
        Long v = c.getValue().apply(s);
        t.get(c.getKey()).add(v == null ? null : BigDecimal.valueOf(v));
      }
    }
    return t;
  }

  /** An hour of a healthy server: RSS wobbling with the churn, live heap a sawtooth of full collections, fds following the connections. */
  private static Map<String, LongFunction<Long>> healthy() {
    Map<String, LongFunction<Long>> c = new LinkedHashMap<>();
    c.put("rss_bytes", s -> 400 * MIB + (s % 180) * MIB / 10 + (s * 7919 % 13) * MIB);
    c.put("heap_live_bytes", s -> s < 30 ? null : 60 * MIB + (s / 300 % 2) * 3 * MIB);
    c.put("open_fds", s -> 8000L + (s % 180 < 5 ? -300 : 0) + s * 31 % 17);
    c.put("threads", s -> 40L);
    c.put("injector_rss_bytes", s -> 900 * MIB + (s % 600) * MIB / 100);
    c.put("injector_heap_live_bytes", s -> s < 60 ? null : 93 * MIB + (s / 120 % 2) * 2 * MIB);
    return c;
  }

  @Test
  void aHealthyHourHasNoLeak() {
    Leaks leaks = Leaks.of(timeline(3600, healthy()), T0, T0 + 3_599_000, THRESHOLDS);
    assertEquals(6, leaks.slopes().size(), leaks.slopes().toString());
    assertEquals(List.of(), leaks.leaking(), leaks.slopes().toString());
    for (Leaks.Slope s : leaks.slopes()) {
      assertTrue(Math.abs(s.perHour()) < s.watch().threshold() / 2, s.text());
    }
  }

  @Test
  void aSteadyGrowthIsNamedWithItsRate() {
    Map<String, LongFunction<Long>> c = healthy();
    c.put("heap_live_bytes", s -> 60 * MIB + s * 40 * MIB / 3600); // +40 MiB over the hour
    c.put("open_fds", s -> 8000L + s / 12); // +300 sockets an hour
    Leaks leaks = Leaks.of(timeline(3600, c), T0, T0 + 3_599_000, THRESHOLDS);
    List<String> leaking = leaks.leaking().stream().map(Leaks.Slope::text).toList();
    assertEquals(2, leaking.size(), leaking.toString());
    assertTrue(leaking.get(0).matches("server live heap \\+40\\.\\d MiB/h \\(threshold 16 MiB/h\\)"), leaking.get(0));
    assertTrue(leaking.get(1).matches("server open files \\+\\d{3}\\.\\d/h \\(threshold 100/h\\)"), leaking.get(1));
    assertEquals(Boolean.TRUE, ((Map<?, ?>) ((Map<?, ?>) leaks.json(new RunFacts("SoakSimulation", "wss://127.0.0.1:1",
        T0, T0, T0 + 3_600_000, 8000, 0, Duration.ofSeconds(10), true, true, Map.of())).get("slopes")).get("heap_live_bytes"))
        .get("leaking"));
  }

  @Test
  void theInjectorsOwnLeakIsNamedAsTheInjectors() {
    Map<String, LongFunction<Long>> c = healthy();
    c.put("injector_heap_live_bytes", s -> 93 * MIB + s * 30 * MIB / 3600); // the lab's own counting keeping 30 MiB an hour
    List<String> leaking = Leaks.of(timeline(3600, c), T0, T0 + 3_599_000, THRESHOLDS).leaking().stream()
        .map(Leaks.Slope::text).toList();
    assertEquals(1, leaking.size(), leaking.toString());
    assertTrue(leaking.get(0).matches("injector live heap \\+30\\.\\d MiB/h \\(threshold 16 MiB/h\\)"), leaking.get(0));
  }

  @Test
  void aRunTooShortToTellIsMeasuredButNotJudged() {
    Map<String, LongFunction<Long>> c = healthy();
    c.put("rss_bytes", s -> 300 * MIB + s * MIB); // a JVM warming up: +3.5 GiB/h over ten minutes
    Leaks leaks = Leaks.of(timeline(600, c), T0, T0 + 599_000, THRESHOLDS);
    assertTrue(leaks.slopes().get(0).leaking(), "fast enough to fail, had the run been long enough");
    assertEquals(List.of(), leaks.leaking());
    Map<String, Object> json = leaks.json(new RunFacts("SmokeSimulation", "wss://127.0.0.1:1", T0, T0, T0 + 600_000, 100,
        0, Duration.ofSeconds(10), true, true, Map.of()));
    assertFalse((Boolean) json.get("judged"));
    assertEquals("a steady part of 10.0 min, 20.0 min needed (-Dleak.window)", json.get("notJudgedBecause"));
  }

  @Test
  void aServerWithoutTheseFiguresHasNoSlopes() {
    Map<String, LongFunction<Long>> c = new LinkedHashMap<>();
    c.put("rss_bytes", s -> null);
    assertEquals(List.of(), Leaks.of(timeline(3600, c), T0, T0 + 3_599_000, THRESHOLDS).slopes());
  }
}
