package simulations.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of the folders Gatling writes is this run's. Gatling names each after the simulation and the time its
 * load started, and two runs of one simulation in one checkout write side by side: taking the newest could take
 * the other run's. While the load runs, this JVM holds its own folder's simulation.log open, which names it
 * exactly (Linux's /proc/self/fd); without /proc, the one folder that appeared since this run began.
 */
public final class GatlingRunFolder {

  private final Path gatlingResults;
  private final String prefix;
  private final Set<String> before = new HashSet<>();
  private volatile Path seen;

  /** @param simulation the simulation's simple class name, as Gatling lowercases it into folder names */
  public GatlingRunFolder(Path gatlingResults, String simulation) {
    this.gatlingResults = gatlingResults.toAbsolutePath().normalize();
    this.prefix = simulation.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "-";
    try (Stream<Path> existing = Files.isDirectory(gatlingResults) ? Files.list(gatlingResults) : Stream.empty()) {
      existing.forEach(p -> before.add(p.getFileName().toString()));
    } catch (IOException e) {
      // none listed: any folder of ours counts as new
    }
  }

  /** Looks for the simulation.log this JVM has open; call while the load runs, until it says true. */
  public boolean lookAtOpenFiles() {
    if (seen != null) {
      return true;
    }
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return false;
    }
    try (DirectoryStream<Path> open = Files.newDirectoryStream(fds)) {
      for (Path fd : open) {
        try {
          Path file = Files.readSymbolicLink(fd);
          if (file.getFileName() != null && file.getFileName().toString().equals("simulation.log")
              && file.getParent() != null && gatlingResults.equals(file.getParent().getParent())) {
            seen = file.getParent();
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile, or not a link
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** This run's folder, or empty when Gatling wrote none, or when it cannot be told from another run's. */
  public Optional<Path> find() throws IOException {
    if (seen != null) {
      return Files.isDirectory(seen) ? Optional.of(seen) : Optional.empty();
    }
    if (!Files.isDirectory(gatlingResults)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.list(gatlingResults)) {
      List<Path> fresh = all.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> !before.contains(p.getFileName().toString()))
          .toList();
      if (fresh.size() > 1) {
        System.err.println("connection-drop: " + fresh.size() + " new Gatling reports in " + gatlingResults
            + " and none known to be this run's: left where they are");
      }
      return fresh.size() == 1 ? Optional.of(fresh.get(0)) : Optional.empty();
    }
  }
}
