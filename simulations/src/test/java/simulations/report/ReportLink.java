package simulations.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Puts a bar at the top of Gatling's index.html that leads to the run's server.html. */
public final class ReportLink {

  static final String BEGIN = "<!-- connection-drop:server-link -->";
  static final String END = "<!-- /connection-drop:server-link -->";
  private static final Pattern BODY_TAG = Pattern.compile("<body\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern EXISTING =
      Pattern.compile("\n?" + Pattern.quote(BEGIN) + ".*?" + Pattern.quote(END), Pattern.DOTALL);
  // Gatling's page is a 100%-high flex column (.app-container) that scrolls inside; making <body> a flex column
  // lets it shrink by the bar's height instead of pushing its bottom out of the window.
  private static final String BAR = BEGIN + """

      <style>
        body { display: flex; flex-direction: column; }
        #server-link { flex: none; display: flex; align-items: center; gap: 16px; padding: 8px 20px;
                       background: #24275e; font: bold 14px Arial, sans-serif; }
        #server-link a { color: #fff; text-decoration: underline; }
        #server-link .verdict { padding: 2px 10px; border-radius: 3px; color: #fff; background: #667; }
        #server-link .verdict.pass { background: #2e8b3e; }
        #server-link .verdict.fail { background: #c62828; }
      </style>
      <div id="server-link">
        <a href="server.html">Server timeline (connections, disconnects by reason, memory, event-loop lag) &rarr;</a>
        <span class="verdict %s">%s</span>
      </div>
      """ + END;

  private ReportLink() {}

  /**
   * Inserts the bar right after the opening body tag of runDir/index.html, or replaces the one a previous call
   * inserted (so the label stays current and the bar is there once).
   *
   * @param label shown next to the link, usually the verdict line ("PASS: ..." green, "FAIL: ..." red)
   * @return false when there is no index.html (Gatling died before its report) or it has no body tag
   */
  public static boolean addTo(Path runDir, String label) {
    Path index = runDir.resolve("index.html");
    if (!Files.isRegularFile(index)) {
      return false;
    }
    try {
      String html = EXISTING.matcher(Files.readString(index, StandardCharsets.UTF_8)).replaceFirst("");
      Matcher body = BODY_TAG.matcher(html);
      if (!body.find()) {
        return false;
      }
      String bar = BAR.formatted(Html.verdictClass(label), Html.escape(label));
      Files.writeString(index, html.substring(0, body.end()) + "\n" + bar + html.substring(body.end()),
          StandardCharsets.UTF_8);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add the server link to " + index, e);
    }
  }
}
