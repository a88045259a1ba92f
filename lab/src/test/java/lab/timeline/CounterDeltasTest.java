package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What happened between two answers of a server, whether it is the same server or one that restarted. */
class CounterDeltasTest {

  private static ServerCounters status(String json) throws Exception {
    return ServerCounters.of(new ObjectMapper().readTree(json));
  }

  @Test
  void theFirstAnswerIsTheBaselineAndLaterOnesGiveDifferences() throws Exception {
    CounterDeltas deltas = new CounterDeltas();
    assertEquals(Map.of(), deltas.next(status("""
        {"pid":7,"startedAt":100,"connected":40,"connects":500,"disconnects":{"client-left":455,"server-close":5}}""")).values(),
        "a standalone server's life before the run is not this run's");
    CounterDeltas.Deltas d = deltas.next(status("""
        {"pid":7,"startedAt":100,"connected":38,"connects":510,"disconnects":{"client-left":467,"server-close":5}}"""));
    assertFalse(d.restarted());
    assertEquals(10, d.get("connects"));
    assertEquals(12, d.get("disconnects.client-left"));
    assertEquals(0, d.get("disconnects.server-close"));
    assertEquals(12, d.sum("disconnects"));
  }

  @Test
  void aRestartCountsFromZeroWhetherItsIdentityOrItsCountersTellIt() throws Exception {
    CounterDeltas byIdentity = new CounterDeltas();
    byIdentity.next(status("{\"pid\":7,\"startedAt\":100,\"connects\":500}"));
    CounterDeltas.Deltas d = byIdentity.next(status("{\"pid\":8,\"startedAt\":900,\"connects\":600}"));
    assertTrue(d.restarted(), "another process answers");
    assertEquals(600, d.get("connects"), "all of the new process's connects happened since");

    CounterDeltas byCounters = new CounterDeltas(); // a server that tells no pid: its counters went back
    byCounters.next(status("{\"connects\":500,\"disconnects\":{\"client-left\":400}}"));
    d = byCounters.next(status("{\"connects\":20,\"disconnects\":{\"client-left\":450}}"));
    assertTrue(d.restarted());
    assertEquals(20, d.get("connects"));
    assertEquals(450, d.get("disconnects.client-left"));
  }

  @Test
  void aReasonSeenForTheFirstTimeWasZeroBefore() throws Exception {
    CounterDeltas deltas = new CounterDeltas();
    deltas.next(status("{\"pid\":7,\"startedAt\":1,\"disconnects\":{\"client-left\":1}}"));
    CounterDeltas.Deltas d = deltas.next(status("{\"pid\":7,\"startedAt\":1,\"disconnects\":{\"client-left\":1,\"io server disconnect\":3}}"));
    assertEquals(3, d.get("disconnects.io server disconnect"));
  }

  @Test
  void aServerWithOnlyTheSeedsConnectedCountHasNoCounters() throws Exception {
    assertEquals(Map.of(), status("{\"connected\":12}").values());
  }
}
