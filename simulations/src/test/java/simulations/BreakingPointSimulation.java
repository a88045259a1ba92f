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
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.config.PropertyReader;

/**
 * Where does the server break? Adds a batch of {@code users} connections every {@code step}, with the seed's
 * churn, until unexpected disconnects, failed connects or the ping ack p99 cross their thresholds (then the
 * load stops), or {@code maxConnections} is reached. The verdict and summary.json name the level where it
 * broke and what broke first, with each level's figures.
 */
public class BreakingPointSimulation extends Simulation {

  private final ChurnConfig config = ChurnConfig.fromSystemProperties(defaults(PropertyReader.system()));
  private final LiveTally tally = new LiveTally();
  private final LabRun lab = new LabRun(getClass().getSimpleName(), config);
  private final BreakingPointWatch watch = new BreakingPointWatch(config, BreakingPointWatch.Thresholds.fromSystemProperties(),
      tally, lab::lastServerStatus);

  {
    lab.addToSummary("breakingPoint", watch::summary);
    lab.headline(watch::headline);

    List<PopulationBuilder> populations = new ArrayList<>();
    for (int i = 0; i < config.batches; i++) {
      populations.add(scenario("level " + (i + 1)) // level i+1 holds (i+1) x users connections
          .exec(SocketIo.lifetime(config, lab::url, lab::runEndsAt, tally))
          .injectClosed(level(i)));
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

    setUp(populations)
        .protocols(SocketIo.protocol(config.frames))
        .maxDuration(config.maxDuration());
  }

  /** Level {@code i}'s batch: from its step on, {@code users} more connections, refilled at once. */
  private List<ClosedInjectionStep> level(int i) {
    Duration start = config.batchStart(i);
    List<ClosedInjectionStep> steps = new ArrayList<>();
    if (!start.isZero()) {
      steps.add(constantConcurrentUsers(0).during(start));
    }
    steps.add(constantConcurrentUsers(config.users).during(config.duration.minus(start)));
    return steps;
  }

  @Override
  public void before() {
    lab.start();
  }

  @Override
  public void after() {
    lab.stop();
  }

  /** A batch every {@code step} (60 s) up to {@code maxConnections} (20000), then one more step at the top. */
  static ChurnConfig.Defaults defaults(PropertyReader p) {
    int users = p.integer("users", 2000, 1, 100_000);
    Duration step = p.duration("step", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
    int max = p.integer("maxConnections", 20_000, users, 1_000_000);
    int batches = (max + users - 1) / users;
    return new ChurnConfig.Defaults(users, batches, Duration.ofMinutes(3), Duration.ofSeconds(40), step,
        step.multipliedBy(batches + 1L));
  }
}
