package last.ssm;

/** A deliberate layering violation (a core class using DJL), only for {@code last.ArchitectureTest}. */
public final class ArchitectureViolationFixture {
    public static Object manager() { return ai.djl.ndarray.NDManager.newBaseManager(); }
}
