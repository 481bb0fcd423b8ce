package last.kernel;

/**
 * A mistake in a magic line (unknown name, unresolvable Maven coordinate, bad arguments): the kernel shows only its
 * one-line message, because a stack trace of the kernel's internals would hide what the user has to fix.
 */
public class MagicException extends Exception {
    public MagicException(String message) { super(message); }
}
