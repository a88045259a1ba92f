package lab.config;

/** A -D property with a value outside its allowed range; the message names both. */
public final class InvalidPropertyException extends IllegalArgumentException {
  public InvalidPropertyException(String message) {
    super(message);
  }
}
