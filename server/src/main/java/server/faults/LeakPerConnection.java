package server.faults;

import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code leak:SIZE} ({@code leak:64KiB}): every connection leaves SIZE bytes on the heap that are never freed, as
 * a server that keeps something per session in a map nobody cleans would. The soak's leak detector is proved on it.
 */
public record LeakPerConnection(String spec, int bytes, Queue<byte[]> kept) implements Fault {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(b|kib|mib)?");

  static LeakPerConnection parse(String spec, String argument) {
    Matcher m = SIZE.matcher(argument.trim().toLowerCase(Locale.ROOT));
    long bytes = m.matches() ? Long.parseLong(m.group(1)) * switch (m.group(2) == null ? "b" : m.group(2)) {
      case "kib" -> 1024L;
      case "mib" -> 1024L * 1024;
      default -> 1L;
    } : -1;
    if (bytes < 1 || bytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("'" + spec + "': expected leak:SIZE from 1 byte to 16MiB, e.g. leak:64KiB");
    }
    return new LeakPerConnection(spec, (int) bytes, new ConcurrentLinkedQueue<>());
  }

  /** Called once per connection. */
  public void onConnect() {
    byte[] leaked = new byte[bytes];
    leaked[0] = 1; // touched, so that it is resident, not only reserved
    kept.add(leaked);
  }
}
