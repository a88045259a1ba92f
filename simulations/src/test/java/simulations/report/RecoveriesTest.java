package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import simulations.clients.ClientSeries;

/** Recoveries measured on a clients' series ten readings a second: what was lost, and how long until it was back. */
class RecoveriesTest {

  private static final long T0 = 1_800_000_000_000L;

  /** held, joined, attempts, failed attempts, drops, failed connects at T0 + i x 100 ms. */
  private static ClientSeries series(long[][] rows) {
    ClientSeries s = new ClientSeries();
    for (int i = 0; i < rows.length; i++) {
      long[] r = rows[i];
      s.add(new ClientSeries.Point(T0 + i * 100L, r[0], r[1], r[2], r[3], r[4], r[5]));
    }
    return s;
  }

  /** 100 held for 1 s, all lost at 1.0 s (a restart at 1.05 s), back 10 a tenth of a second from 2.0 s on. */
  private static long[][] restart() {
    long[][] rows = new long[40][];
    for (int i = 0; i < 40; i++) {
      long held = i <= 10 ? 100 : i < 20 ? 0 : Math.min(100, (i - 19) * 10L);
      long back = Math.max(0, held - (i <= 10 ? 100 : 0));
      rows[i] = new long[] {held, 100 + (i <= 10 ? 0 : back), i < 12 ? 0 : (i - 11) * 3L, i < 12 ? 0 : Math.min(i - 11, 8),
          i <= 10 ? 0 : 100, i < 12 ? 0 : Math.min(i - 11, 8)};
    }
    return rows;
  }

  @Test
  void aRestartIsMeasuredFromTheLastReadingBeforeTheLoss() {
    List<Recoveries.Recovery> rs = Recoveries.of(series(restart()).points(), List.of(T0 + 1050), List.of(), T0 + 60_000);
    assertEquals(1, rs.size(), rs.toString());
    Recoveries.Recovery r = rs.get(0);
    assertEquals("restart", r.cause());
    assertEquals(T0 + 1000, r.at(), "the last reading with all 100 held");
    assertEquals(100, r.before());
    assertEquals(100, r.lost());
    assertEquals(100, r.recovered());
    assertEquals(1400, r.timeTo50PercentMs(), "50 back at 2.4 s");
    assertEquals(1900, r.timeTo95PercentMs(), "95 needs 100 (10 at a time): at 2.9 s");
    assertEquals(1900, r.timeTo100PercentMs());
    assertEquals(100, r.dropsDuring());
    assertEquals(8, r.failedAttempts());
    assertEquals(100, r.peakConnectsPerSecond(), "all 100 joined within a second");
  }

  @Test
  void aMassLossTheRunDidNotCauseIsFoundFromTheClientsDrops() {
    List<Recoveries.Recovery> rs = Recoveries.of(series(restart()).points(), List.of(), List.of(), T0 + 60_000);
    assertEquals(1, rs.size());
    assertEquals("mass loss", rs.get(0).cause());
    assertEquals(T0 + 1000, rs.get(0).at());
    // another process answered /status 25 s later (a server restarted by someone else): the same loss, a restart
    rs = Recoveries.of(series(restart()).points(), List.of(), List.of(T0 + 26_000), T0 + 60_000);
    assertEquals("restart", rs.get(0).cause());
    assertEquals(T0 + 1000, rs.get(0).at());
  }

  @Test
  void connectionsThatNeverCameBackHaveNoTimeAndTheLossAtTheEndOfTheRunIsNone() {
    long[][] rows = restart();
    for (int i = 20; i < 40; i++) {
      rows[i][0] = 30; // 30 came back, never more
    }
    Recoveries.Recovery r = Recoveries.of(series(rows).points(), List.of(T0 + 1050), List.of(), T0 + 60_000).get(0);
    assertEquals(30, r.recovered());
    assertNull(r.timeTo50PercentMs());
    assertNull(r.timeTo100PercentMs());
    assertEquals(List.of(), Recoveries.of(series(restart()).points(), List.of(), List.of(), T0 + 500),
        "after the load's end: no loss");
  }

  @Test
  void aDropNoticedJustAfterTheOthersAreBackIsPartOfTheEventAndOneLaterIsNot() {
    long[][] rows = java.util.Arrays.copyOf(restart(), 60);
    for (int i = 40; i < 60; i++) {
      rows[i] = rows[39].clone();
    }
    for (int i = 35; i < 60; i++) {
      rows[i][4] = i < 50 ? 101 : 102; // one more drop at 3.5 s (0.6 s after all were back), another at 5.0 s
    }
    Recoveries.Recovery r = Recoveries.of(series(rows).points(), List.of(T0 + 1050), List.of(), T0 + 60_000).get(0);
    assertEquals(1900, r.timeTo100PercentMs());
    assertEquals(101, r.dropsDuring(), "the straggler within a second of the end is the event's; the later one is not");
  }
}
