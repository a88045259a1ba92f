package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import lab.config.PropertyReader;
import lab.timeline.ServerSide;
import org.junit.jupiter.api.Test;
import simulations.clients.ClientTally;
import simulations.clients.ConnectFailures;

/** The breaking point's arithmetic: which batch the run is at, what crossed its threshold first, what was held. */
class BreakingPointWatchTest {

  private static ChurnConfig search(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("users", "100");
    p.setProperty("stagger", "4s");
    p.setProperty("maxConnections", "500");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return ChurnConfig.from(new PropertyReader(p), ChurnConfig.SEARCH);
  }

  private static ServerSide serverWithDrops(long drops) {
    return new ServerSide(true, 0L, Map.of("client-left", 0L, "server-close", drops), Map.of(), Map.of(), 0, 0,
        List.of(), List.of(), null, -1, -1, null, null);
  }

  @Test
  void theFirstThresholdCrossedIsTheCauseInOrderDropsFailedConnectsLateAnswersAckP99() {
    BreakingPointWatch watch = new BreakingPointWatch(search("break.drops", "2", "break.ackP99", "500ms"),
        new ClientTally(new ConnectFailures()), () -> serverWithDrops(0));
    assertNull(watch.cause(2, 0, 0, 500_000), "at the thresholds is not over them");
    assertEquals("3 drops (threshold 2)", watch.cause(3, 9, 9, 900_000));
    assertEquals("1 failed connects (threshold 0)", watch.cause(0, 1, 9, 900_000));
    assertEquals("4 late answers (threshold 0)", watch.cause(0, 0, 4, 900_000));
    assertEquals("ack p99 501 ms (threshold 500 ms)", watch.cause(0, 0, 0, 501_000));
  }

  /** A server that stops answering gives no acks, so no p99: its unanswered pings break it (seen in a whole run). */
  @Test
  void aServerThatStopsAnsweringBreaksOnItsLateAnswers() {
    ClientTally tally = new ClientTally(new ConnectFailures());
    BreakingPointWatch watch = new BreakingPointWatch(search(), tally, () -> serverWithDrops(0));
    watch.check(0);
    watch.check(4_000); // batch 2
    tally.lateAnswer("ping: ack", false);
    watch.check(5_000);
    assertEquals("BROKE at 200 connections: 1 late answers (threshold 0)", watch.finding());
  }

  @Test
  void itBreaksAtTheBatchWhereTheServersDropsCrossedAndSaysWhatWasHeldBefore() {
    AtomicReference<ServerSide> server = new AtomicReference<>(serverWithDrops(7)); // drops before the run's batches
    ClientTally tally = new ClientTally(new ConnectFailures());
    BreakingPointWatch watch = new BreakingPointWatch(search(), tally, server::get);
    watch.check(0);
    watch.check(3_000);
    watch.check(4_000); // batch 2: 200 connections
    assertFalse(watch.broken(), "drops from before a batch are not the batch's");
    watch.check(8_000); // batch 3
    server.set(serverWithDrops(8));
    watch.check(9_000);
    assertTrue(watch.broken());
    assertEquals("BROKE at 300 connections: 1 drops (threshold 0)", watch.finding());
    assertEquals(200, watch.heldUpTo());
    Map<String, Object> summary = watch.summary();
    assertEquals(300, summary.get("brokeAtConnections"));
    assertEquals(3, ((List<?>) summary.get("batches")).size());
    watch.check(12_000);
    assertEquals("BROKE at 300 connections: 1 drops (threshold 0)", watch.finding(), "nothing changes once broken");
  }

  @Test
  void aServerThatNeverBreaksIsHeldUpToTheLastBatch() {
    BreakingPointWatch watch = new BreakingPointWatch(search(), new ClientTally(new ConnectFailures()),
        () -> serverWithDrops(0));
    for (long t = 0; t <= 30_000; t += 1000) {
      watch.check(t);
    }
    assertEquals("HELD up to 500 connections: no threshold crossed", watch.finding());
    assertEquals(500, watch.heldUpTo());
  }
}
