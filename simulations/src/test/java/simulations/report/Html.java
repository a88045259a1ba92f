package simulations.report;

/** The bits of HTML that server.html and the link in Gatling's index.html share. */
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

  /** CSS class of a verdict line: green for "PASS...", red for "FAIL...", neutral for anything else. */
  static String verdictClass(String verdictLine) {
    if (verdictLine.startsWith("PASS")) {
      return "pass";
    }
    return verdictLine.startsWith("FAIL") ? "fail" : "neutral";
  }
}
