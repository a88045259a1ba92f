package simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import lab.launch.ServerProcess;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Runs one simulation in a Gatling JVM of its own, as {@code mvn gatling:test} does, with -D properties, into a
 * results folder of the test's: for tests that must see a whole run, its report, its verdict and its exit code.
 */
public final class GatlingRun {

  /** What a finished run left behind. */
  public record Result(int exitCode, Duration took, String output, Path runDir, JsonNode summary) {
    /** A column of server-timeline.csv, summed over the run (empty cells count as 0). */
    public long sumOf(String column) throws IOException {
      return (long) column(column).stream().mapToDouble(Double::doubleValue).sum();
    }

    public double maxOf(String column) throws IOException {
      return column(column).stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The non-empty cells of a column of server-timeline.csv. */
    private List<Double> column(String name) throws IOException {
      List<String> lines = Files.readAllLines(runDir.resolve("server-timeline.csv"));
      int index = List.of(lines.get(0).split(",", -1)).indexOf(name);
      List<Double> values = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String cell = line.split(",", -1)[index];
        if (!cell.isEmpty()) {
          values.add(Double.parseDouble(cell));
        }
      }
      return values;
    }
  }

  private GatlingRun() {}

  /** A run under way. */
  public record Running(Process process, Path log, long startNanos) {
    /** Waits for its end (killing it and everything it started past {@code timeout}) and reads its report. */
    public Result await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError("the run did not end within " + timeout.toSeconds() + " s:\n" + tail(log));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      // the run's folder, as its verdict banner names it: two runs may share one results folder
      Path runDir = output.lines().filter(l -> l.startsWith(SUMMARY_LINE)).findFirst()
          .map(l -> Path.of(l.substring(SUMMARY_LINE.length()).trim()).toAbsolutePath().getParent())
          .orElseThrow(() -> new AssertionError("no verdict banner:\n" + tail(log)));
      JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
      return new Result(process.exitValue(), took, output, runDir, summary);
    }
  }

  private static final String SUMMARY_LINE = "  Summary          ";

  /** A {@code ${property}} in a jvmArg (declared before the options it reads). */
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private static final List<String> INJECTOR_OPTIONS = injectorOptions(
      Path.of(System.getProperty("project.root", "..")).resolve("simulations/pom.xml"));

  /**
   * The JVM's own options among gatling-maven-plugin's {@code jvmArgs} in {@code pom} ({@code -X…}, and the
   * {@code -Djdk.…} and {@code -Dio.netty.…} properties the JDK and Netty read), each {@code ${property}} resolved
   * as Maven would: from a system property of that name, else from the pom's properties.
   */
  static List<String> injectorOptions(Path pom) {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
      NodeList args = doc.getElementsByTagName("jvmArg");
      List<String> options = new ArrayList<>();
      for (int i = 0; i < args.getLength(); i++) {
        String arg = args.item(i).getTextContent().trim();
        if (arg.startsWith("-X") || arg.startsWith("-Djdk.") || arg.startsWith("-Dio.netty.")) {
          options.add(resolve(arg, doc, pom));
        }
      }
      if (options.isEmpty()) {
        throw new IllegalStateException("no -X option in the jvmArgs of " + pom);
      }
      return List.copyOf(options);
    } catch (IOException | ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot read the injector's JVM options from " + pom + ": " + e.getMessage(), e);
    }
  }

  private static String resolve(String arg, Document pom, Path path) {
    return PROPERTY.matcher(arg).replaceAll(m -> {
      String name = m.group(1);
      String value = System.getProperty(name);
      if (value == null) {
        NodeList defined = pom.getElementsByTagName(name);
        if (defined.getLength() == 0) {
          throw new IllegalStateException(path + " has no property " + name + " for the jvmArg " + arg);
        }
        value = defined.item(0).getTextContent().trim();
      }
      return Matcher.quoteReplacement(value);
    });
  }

  public static Result run(Class<?> simulation, Path results, Map<String, String> properties, Duration timeout)
      throws IOException, InterruptedException {
    return start(simulation, results, results.resolve("gatling-run.log"), properties).await(timeout);
  }

  /** Starts a run, its output going to {@code log}; the results and Gatling's own folder are under {@code results}. */
  public static Running start(Class<?> simulation, Path results, Path log, Map<String, String> properties)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the JVM options gatling-maven-plugin gives its forked Gatling (Gatling needs the two --add-opens)
    command.addAll(List.of("-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
    // and the injector's JVM options of simulations/pom.xml, the ones `mvn gatling:test` gives it (or -Dinjector.jvmArgs)
    String given = System.getProperty("injector.jvmArgs");
    command.addAll(given == null ? INJECTOR_OPTIONS : List.of(given.trim().split("\\s+")));
    command.add("-Dresults.dir=" + results);
    command.add("-D" + ServerProcess.SERVER_BUILD + "=" + System.getProperty(ServerProcess.SERVER_BUILD));
    command.add("-Dgatling.results.dir=" + results.resolve("gatling"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.gatling.app.Gatling");
    command.add("-s");
    command.add(simulation.getName());
    command.add("-rf");
    command.add(results.resolve("gatling").toString());

    Files.createDirectories(results);
    long start = System.nanoTime();
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Running(gatling, log, start);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
