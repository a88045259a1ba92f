package simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import simulations.report.Cause;
import simulations.report.Verdict;

/**
 * Where does the server break? Adds a batch of {@code users} connections every {@code stagger}, with the seed's
 * churn, until drops, failed connects or the ack p99 cross their thresholds (then the load stops), or
 * {@code maxConnections} is reached. The finding (BROKE at N, or HELD up to N) is not a failure: the run fails
 * only if it could not be carried out, or if {@code -Dexpect=holds:N} asked for more than it held.
 */
public class BreakingPointSimulation extends LabSimulation {

  private final BreakingPointWatch watch = new BreakingPointWatch(config, tally, lab::serverSide);

  public BreakingPointSimulation() {
    super(ChurnConfig.fromSystemProperties(ChurnConfig.SEARCH));
    lab.addToSummary("breakingPoint", watch::summary);
    lab.judgedBy((facts, end, clients, server, recoveries, leaks) -> Verdict.ofSearch(facts, end, clients, server,
        expectation(), watch.finding()));

    List<PopulationBuilder> populations = new ArrayList<>();
    for (int i = 0; i < config.batches; i++) {
      populations.add(scenario("batch " + (i + 1)).exec(lifetime()).injectClosed(batch(i)));
    }
    populations.add(scenario("breaking point watch")
        .exec(asLongAs(session -> System.currentTimeMillis() < lab.runEndsAt()).on(
            pause(Duration.ofSeconds(1)),
            exec(session -> {
              watch.check(System.currentTimeMillis() - lab.loadStartedAt());
              return session;
            }),
            stopLoadGeneratorIf(session -> watch.reason(), session -> watch.broken())))
        .injectOpen(atOnceUsers(1)));

    setUp(populations).protocols(protocol()).maxDuration(config.maxDuration());
  }

  /** Batch {@code i}: from its turn on, {@code users} more connections, refilled at once. */
  private List<ClosedInjectionStep> batch(int i) {
    Duration start = config.batchStart(i);
    List<ClosedInjectionStep> steps = new ArrayList<>();
    if (!start.isZero()) {
      steps.add(constantConcurrentUsers(0).during(start));
    }
    steps.add(constantConcurrentUsers(config.users).during(config.duration.minus(start)));
    return steps;
  }

  /** -Dexpect=holds:N not met, or null. */
  private Verdict.Finding expectation() {
    if (config.expectHolds < 0 || watch.heldUpTo() >= config.expectHolds) {
      return null;
    }
    return new Verdict.Finding(Cause.EXPECTATION_NOT_MET, "expected to hold " + config.expectHolds
        + " connections (-Dexpect=holds:" + config.expectHolds + "), held up to " + watch.heldUpTo());
  }
}
