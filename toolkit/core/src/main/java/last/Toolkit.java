package last;

/** Version and provenance of the LAST toolkit. */
public final class Toolkit {
    private Toolkit() {}
    /** The toolkit version, written into every result file's provenance. */
    public static final String VERSION = "0.1.0";
}
