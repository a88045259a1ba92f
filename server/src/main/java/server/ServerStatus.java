package server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import lab.timeline.LiveHeap;
import java.util.Map;

/**
 * The body of {@code GET /status}: the seed's {@code connected} first, then every counter of the ledger and
 * what the JVM can tell about itself. The timeline samples it once a second.
 */
public final class ServerStatus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionLedger ledger;
  private final EventLoopLag lag;
  private final long startedAtMillis;
  private final String faults;
  private final long openFileLimit;

  public ServerStatus(ConnectionLedger ledger, EventLoopLag lag, long startedAtMillis, String faults, long openFileLimit) {
    this.ledger = ledger;
    this.lag = lag;
    this.startedAtMillis = startedAtMillis;
    this.faults = faults;
    this.openFileLimit = openFileLimit;
  }

  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connected", ledger.connected());
    m.put("peakConnected", ledger.peakConnected());
    m.put("connects", ledger.connects());
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (DisconnectReason r : DisconnectReason.values()) {
      byReason.put(r.label, ledger.disconnects(r));
    }
    m.put("disconnects", byReason);
    m.put("drops", ledger.drops());
    Map<String, Long> failures = new LinkedHashMap<>();
    for (HandshakeStage s : HandshakeStage.values()) {
      failures.put(s.label, ledger.handshakeFailures(s));
    }
    m.put("handshakeFailures", failures);
    Map<String, Long> accepts = new LinkedHashMap<>();
    for (AcceptError e : AcceptError.values()) {
      accepts.put(e.name(), ledger.acceptFailures(e));
    }
    m.put("acceptFailures", accepts);
    m.put("openFileLimit", openFileLimit);
    m.put("namespaceRefusals", ledger.namespaceRefusals());
    m.put("acks", ledger.acks());
    m.put("tcpOpen", ledger.tcpOpen());
    m.put("eventLoopLagMs", Math.round(lag.maxLagMillis() * 10) / 10.0);
    m.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    m.put("heapLiveBytes", LiveHeap.bytes());
    m.put("directBytes", directBytes());
    m.put("nettyDirectBytes", PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    m.put("gcMillis", gcMillis);
    m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    m.put("cpuNanos", processCpuNanos());
    m.put("pid", ProcessHandle.current().pid());
    m.put("startedAt", startedAtMillis);
    m.put("faults", faults);
    return m;
  }

  public String json() {
    try {
      return JSON.writeValueAsString(snapshot());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long directBytes() {
    long sum = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        sum += pool.getMemoryUsed();
      }
    }
    return sum;
  }

  /** Process CPU time as the JVM sees it, or -1 where the platform does not tell. */
  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }
}
