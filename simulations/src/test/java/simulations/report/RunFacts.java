package simulations.report;

import java.util.Map;

/** What the report knows of a run before looking at its results: its name, its size and its settings. */
public record RunFacts(String simulation, String target, long startedAt, int targetConnections,
    double tolerancePercent, Map<String, String> config) {}
