package simulations.report;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a run's server.html: the server timeline (our stand-in for the bug report's perfmon graphs) as charts
 * on the same wall-clock axis as Gatling's report, readable straight from disk with no network.
 */
public final class ServerPage {

  public static final String TIMELINE_CSV = "server-timeline.csv";
  static final String PAGE = "server.html";
  static final String HIGHSTOCK = "js/highstock.js";
  /** Where Gatling's report takes its copy from (gatling-charts-highcharts). */
  static final String HIGHSTOCK_RESOURCE = "io/gatling/charts/assets/js/highstock.js";
  private static final String TEMPLATE_RESOURCE = "/report/server.html";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private ServerPage() {}

  /** Reads runDir/server-timeline.csv, writes runDir/server.html and returns its path. */
  public static Path write(Path runDir, PageInput input) throws IOException {
    Map<String, List<BigDecimal>> columns = TimelineCsv.read(runDir.resolve(TIMELINE_CSV));
    ensureHighstock(runDir);
    Map<String, String> values = Map.of(
        "TITLE", Html.escape(input.title()),
        "VERDICT", Html.escape(input.verdictLine()),
        "VERDICT_CLASS", Html.verdictClass(input.verdictLine()),
        "DATA", scriptSafeJson(input, columns));
    Path page = runDir.resolve(PAGE);
    Files.writeString(page, fill(template(), values), StandardCharsets.UTF_8);
    return page;
  }

  /** Gatling writes js/highstock.js with its report; a run whose Gatling died before that still gets charts. */
  private static void ensureHighstock(Path runDir) throws IOException {
    Path target = runDir.resolve(HIGHSTOCK);
    if (Files.exists(target)) {
      return;
    }
    try (InputStream in = ServerPage.class.getClassLoader().getResourceAsStream(HIGHSTOCK_RESOURCE)) {
      if (in == null) {
        throw new IOException(HIGHSTOCK_RESOURCE + " is not on the classpath (gatling-charts-highcharts)");
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target);
    }
  }

  /**
   * The page embeds its data (Chrome refuses to fetch a file:// CSV). '<' only occurs inside JSON strings, so
   * escaping it keeps a mark label like "</script>" from ending the script element, and stays valid JSON.
   * Title and verdict go into the HTML itself (escaped there), so that they show even without JavaScript.
   */
  private static String scriptSafeJson(PageInput input, Map<String, List<BigDecimal>> columns)
      throws IOException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("marks", input.marks());
    data.put("columns", columns);
    return JSON.writeValueAsString(data).replace("<", "\\u003c");
  }

  private static String template() throws IOException {
    try (InputStream in = ServerPage.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IOException(TEMPLATE_RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One pass, so that a value containing "{{...}}" is never substituted again. */
  private static String fill(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("template placeholder without a value: " + matcher.group());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(out).toString();
  }
}
