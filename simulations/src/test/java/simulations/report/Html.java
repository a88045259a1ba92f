package simulations.report;

/** The bits of HTML that server.html, the link in Gatling's index.html and the stats reader share. */
final class Html {

  private Html() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The entities Gatling writes in its report's names and messages, back to text. */
  static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&#x27;", "'").replace("&amp;", "&");
  }

  /** CSS class of a verdict line: green for "PASS...", red for "FAIL...", neutral for anything else. */
  static String verdictClass(String verdictLine) {
    if (verdictLine.startsWith("PASS")) {
      return "pass";
    }
    return verdictLine.startsWith("FAIL") ? "fail" : "neutral";
  }
}
