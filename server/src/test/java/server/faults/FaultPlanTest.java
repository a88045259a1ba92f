package server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void everyModeParsesWithItsTimes() {
    FaultPlan plan = FaultPlan.parse(
        "kick:100@30s, stall-on-disconnect:50ms,accept-pause:5s@1m,slow-ack:200ms,crash-at:90s,freeze:20s@2m");
    assertEquals("kick:100@30s,stall-on-disconnect:50ms,accept-pause:5s@1m,slow-ack:200ms,crash-at:90s,freeze:20s@2m",
        plan.toString());
    assertEquals(Duration.ofMillis(50), plan.stallOnDisconnect().orElseThrow().stall());
    assertEquals(Duration.ofMillis(200), plan.slowAck().orElseThrow().delay());
    List<TimedFault> timed = plan.timed();
    assertEquals(4, timed.size());
    assertEquals(Duration.ofSeconds(30), timed.get(0).at());
    assertEquals(Duration.ofMinutes(1), timed.get(1).at());
    assertEquals(Duration.ofSeconds(5), ((AcceptPause) timed.get(1)).pause());
    assertEquals(Duration.ofSeconds(90), timed.get(2).at());
    assertEquals(Duration.ofMinutes(2), timed.get(3).at());
    assertEquals(Duration.ofSeconds(20), ((Freeze) timed.get(3)).length());
  }

  @Test
  void kickTakesACountOrAPercentOfTheConnected() {
    Kick count = (Kick) FaultPlan.parse("kick:100@10s").timed().get(0);
    assertEquals(100, count.countOf(8000));
    assertEquals(40, count.countOf(40));
    Kick percent = (Kick) FaultPlan.parse("kick:20%@10s").timed().get(0);
    assertEquals(1600, percent.countOf(8000));
    assertEquals(0, percent.countOf(0));
  }

  @Test
  void aLeakKeepsItsSizeForEveryConnection() {
    LeakPerConnection leak = FaultPlan.parse("leak:64KiB").leakPerConnection().orElseThrow();
    assertEquals(65536, leak.bytes());
    leak.onConnect();
    leak.onConnect();
    assertEquals(2, leak.kept().size(), "never freed");
    assertEquals(2 << 20, FaultPlan.parse("leak:2MiB").leakPerConnection().orElseThrow().bytes());
    assertEquals("'leak:1GiB': expected leak:SIZE from 1 byte to 16MiB, e.g. leak:64KiB",
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("leak:1GiB")).getMessage());
  }

  @Test
  void noneAndEmptyMeanNoFault() {
    assertTrue(FaultPlan.parse("none").isEmpty());
    assertTrue(FaultPlan.parse("").isEmpty());
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("kick:100"))
        .getMessage().contains("needs a time"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("kick:120%@5s"))
        .getMessage().contains("must be a number from 0 to 100"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("slow-ack:fast"))
        .getMessage().contains("is not a duration"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("crash"))
        .getMessage().contains("expected one of kick:K@T"));
  }
}
