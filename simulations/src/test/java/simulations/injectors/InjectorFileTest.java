package simulations.injectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;

class InjectorFileTest {

  private static ClientCounts counts(long drops, long ackMicros, int acks) {
    Histogram ack = new Histogram(600_000_000L, 3);
    ack.recordValueWithCount(ackMicros, acks);
    Histogram connect = new Histogram(600_000_000L, 3);
    connect.recordValue(1500);
    return new ClientCounts(10, 10, 10, 8, 10, 1, 0, Map.of("hold", drops), Map.of(), Map.of(),
        Map.of("tcp", 0L, "namespace", 1L), Map.of(), connect, new Histogram(600_000_000L, 3), ack);
  }

  @Test
  void anInjectorsCountsComeBackWholeFromItsFile(@TempDir Path dir) throws Exception {
    ClientCounts written = counts(3, 12_000, 100);
    InjectorFile.write(dir.resolve(InjectorFile.NAME), "2/2", written);
    ClientCounts read = InjectorFile.read(dir.resolve(InjectorFile.NAME));

    assertEquals(written.lifetimes(), read.lifetimes());
    assertEquals(written.drops(), read.drops());
    assertEquals(written.failedConnects(), read.failedConnects());
    assertEquals(100, read.ackTimes().getTotalCount());
    assertEquals(written.ackTimes().getValueAtPercentile(99), read.ackTimes().getValueAtPercentile(99));
    assertEquals(written.connectTimes().getMaxValue(), read.connectTimes().getMaxValue());
  }

  /** 100 acks at 10 ms in one injector, 2 at 1 s in the other: the merged p50 is 10 ms, not the mean of two p50s. */
  @Test
  void mergedPercentilesAreThoseOfAllTheValuesNotAveragesOfPercentiles(@TempDir Path dir) throws Exception {
    InjectorFile.write(dir.resolve("b.json"), "2/2", counts(2, 1_000_000, 2));
    ClientCounts merged = counts(3, 10_000, 100).plus(InjectorFile.read(dir.resolve("b.json")));

    assertEquals(102, merged.ackTimes().getTotalCount());
    assertEquals(10, merged.ackTimes().getValueAtPercentile(50) / 1000);
    assertEquals(1000, merged.ackTimes().getValueAtPercentile(99) / 1000, 1);
    assertEquals(5, merged.totalDrops());
    assertEquals(20, merged.lifetimes());
    assertEquals(2, merged.failedConnects().get("namespace"));
  }

  @Test
  void theLiveCountsAreReadAsWrittenAndAsZerosBeforeTheFirst(@TempDir Path dir) throws Exception {
    Path live = dir.resolve(InjectorFile.LIVE);
    assertEquals(new ClientSeries.Point(0, 0, 0, 0, 0, 0, 0), InjectorFile.readLive(live));
    InjectorFile.writeLive(live, new ClientSeries.Point(123, 10, 12, 2, 1, 3, 4));
    assertEquals(new ClientSeries.Point(0, 10, 12, 2, 1, 3, 4), InjectorFile.readLive(live));
  }
}
