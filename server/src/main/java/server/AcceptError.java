package server;

import io.netty.channel.unix.Errors;
import java.io.IOException;

/**
 * Why the kernel refused to hand the server a new connection ({@code accept(2)} failed). The first two are
 * the most common misdiagnosis in the field: an OS limit mistaken for a server that cannot take the load.
 */
public enum AcceptError {
  EMFILE("the process is at its open-file limit (ulimit -n)"),
  ENFILE("the system is at its open-file limit (fs.file-max)"),
  ENOBUFS("the kernel is out of socket buffers"),
  ENOMEM("the kernel is out of memory"),
  OTHER("another accept error");

  private static final int ERRNO_EMFILE = 24;
  private static final int ERRNO_ENFILE = 23;
  private static final int ERRNO_ENOBUFS = 105;
  private static final int ERRNO_ENOMEM = 12;

  public final String meaning;

  AcceptError(String meaning) {
    this.meaning = meaning;
  }

  /** The error of a failed accept, from the native transport's errno or, with NIO, the JDK's message. */
  public static AcceptError of(Throwable failure) {
    if (failure instanceof Errors.NativeIoException nativeError) {
      return switch (Math.abs(nativeError.expectedErr())) {
        case ERRNO_EMFILE -> EMFILE;
        case ERRNO_ENFILE -> ENFILE;
        case ERRNO_ENOBUFS -> ENOBUFS;
        case ERRNO_ENOMEM -> ENOMEM;
        default -> OTHER;
      };
    }
    String message = failure instanceof IOException && failure.getMessage() != null ? failure.getMessage() : "";
    if (message.contains("Too many open files in system")) {
      return ENFILE;
    }
    if (message.contains("Too many open files")) {
      return EMFILE;
    }
    return message.contains("No buffer space") ? ENOBUFS : OTHER;
  }
}
