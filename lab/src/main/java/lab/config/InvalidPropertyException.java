package lab.config;

/** A -D property with a value outside its allowed range; the message names both. */
public final class InvalidPropertyException extends IllegalArgumentException {
  public InvalidPropertyException(String message) {
    super(message);
  }

  /** The message alone: it names the property, its value and what is allowed, which is all a user needs. */
  @Override
  public String toString() {
    return getMessage();
  }
}
