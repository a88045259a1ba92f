package simulations.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-request statistics and the errors of a Gatling 3.15 report, read back from its index.html: Gatling
 * no longer writes them as JSON, and its simulation.log is a binary format private to each version. The shape
 * read here is that of Gatling 3.15.1, the version this project pins; GatlingStatsTest holds a real page.
 */
public final class GatlingStats {

  /** One row of the statistics table; times in ms. */
  public record Request(String name, long count, long ok, long ko, long min, long p50, long p75, long p95, long p99,
      long max, long mean) {}

  private static final Pattern ROW = Pattern.compile(
      "class=\"ellipsed-name\">([^<]*)</span>.*?"
          + "col-2\">(\\d+)</td>.*?col-3\">(\\d+)</td>.*?col-4\">(\\d+)</td>.*?"
          + "col-7\">([\\d-]+)</td>.*?col-8\">([\\d-]+)</td>.*?col-9\">([\\d-]+)</td>.*?col-10\">([\\d-]+)</td>.*?"
          + "col-11\">([\\d-]+)</td>.*?col-12\">([\\d-]+)</td>.*?col-13\">([\\d-]+)</td>",
      Pattern.DOTALL);
  /** A row of the errors table: the message, then its count. */
  private static final Pattern ERROR = Pattern.compile(
      "<td class=\"error-col-1 total ko\">(.*?)<span class=\"value\" style=\"display:none\">\\d+</span></td>\\s*"
          + "<td class=\"value error-col-2 total ko\">(\\d+)</td>",
      Pattern.DOTALL);

  private final Map<String, Request> requests;
  private final Map<String, Long> errors;

  private GatlingStats(Map<String, Request> requests, Map<String, Long> errors) {
    this.requests = requests;
    this.errors = errors;
  }

  /** Reads runDir/index.html; empty when Gatling wrote no report. */
  public static Optional<GatlingStats> read(Path runDir) throws IOException {
    Path index = runDir.resolve("index.html");
    if (!Files.exists(index)) {
      return Optional.empty();
    }
    return Optional.of(parse(Files.readString(index, StandardCharsets.UTF_8)));
  }

  static GatlingStats parse(String html) {
    Map<String, Request> requests = new LinkedHashMap<>();
    int table = html.indexOf("id=\"container_statistics_body\"");
    Matcher m = ROW.matcher(table < 0 ? html : html.substring(table));
    while (m.find()) {
      String name = Html.unescape(m.group(1).trim());
      requests.putIfAbsent(name, new Request(name, num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)),
          num(m.group(6)), num(m.group(7)), num(m.group(8)), num(m.group(9)), num(m.group(10)), num(m.group(11))));
    }
    Map<String, Long> errors = new LinkedHashMap<>();
    Matcher e = ERROR.matcher(html);
    while (e.find()) {
      errors.merge(Html.unescape(e.group(1).trim()), num(e.group(2)), Long::sum);
    }
    return new GatlingStats(requests, errors);
  }

  public Map<String, Request> requests() {
    return requests;
  }

  public Optional<Request> request(String name) {
    return Optional.ofNullable(requests.get(name));
  }

  /** KOs of these requests together. */
  public long ko(String... names) {
    long sum = 0;
    for (String name : names) {
      sum += request(name).map(Request::ko).orElse(0L);
    }
    return sum;
  }

  public long totalRequests() {
    return requests.values().stream().mapToLong(Request::count).sum();
  }

  public long totalKo() {
    return requests.values().stream().mapToLong(Request::ko).sum();
  }

  /** Error message to count, as Gatling's errors table has them. */
  public Map<String, Long> errors() {
    return errors;
  }

  private static long num(String s) {
    return s.equals("-") ? -1 : Long.parseLong(s);
  }
}
