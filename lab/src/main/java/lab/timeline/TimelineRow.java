package lab.timeline;

/**
 * One sample of the server's side, as its row of server-timeline.csv: counts "during this second" are
 * differences from the previous sample (from zero after a restart); null means not available.
 */
public record TimelineRow(
    long time,
    double elapsedSeconds,
    Long held,
    Long reconnectAttempts,
    Long failedConnects,
    Long connected,
    Long connects,
    Long clientLeft,
    Long transportClose,
    Long pingTimeout,
    Long serverClose,
    Long serverShutdown,
    Long handshakeFailures,
    Long acceptFailures,
    PortCounts tcp,
    Long rssBytes,
    Long heapUsedBytes,
    Long heapLiveBytes,
    Long directBytes,
    Long gcMillis,
    Double cpuPercent,
    Long threads,
    Long openFds,
    Double eventLoopLagMs,
    Long injectorRssBytes,
    Long injectorHeapLiveBytes) {}
