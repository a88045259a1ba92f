package lab.timeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * This JVM's live heap: the old generation as the last collection of it left it. A leak grows it; garbage, and a
 * collector that sizes its heap up to spend less time collecting, do not (both grow the RSS).
 */
public final class LiveHeap {

  private LiveHeap() {}

  /** In bytes; null before the first collection of the old generation, or with a collector that has none. */
  public static Long bytes() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = pool.getName();
      MemoryUsage afterCollection = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured")) && afterCollection != null
          && afterCollection.getUsed() > 0) {
        return afterCollection.getUsed();
      }
    }
    return null;
  }
}
