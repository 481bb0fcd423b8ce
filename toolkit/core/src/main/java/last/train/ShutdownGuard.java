package last.train;

/**
 * Keeps a termination (SIGTERM, Ctrl-C) from stopping the JVM while the training loop is inside a native PyTorch call.
 * Found from two JVM crash logs of killed training runs (SIGSEGV in {@code torchBackward} and in
 * {@code at::accelerator::getAccelerator}, a "SIGTERM handler" thread alive): on termination the JVM runs its exit
 * handlers, libtorch's static destructors among them, while the main thread is still in backward, which then reads
 * destroyed state. The guard's shutdown hook waits until the loop is between guarded regions (a batch, or an epoch's
 * validation and checkpoint save) and keeps the loop from entering another, so the exit handlers never run under a
 * native call; checkpoints stay as the last completed save left them.
 */
final class ShutdownGuard {
    private ShutdownGuard() {}

    /** How long a termination waits for the current guarded region (a validation pass can take minutes). */
    static final long MAX_WAIT_MS = 10 * 60 * 1000;

    private static final Object LOCK = new Object();
    private static boolean stopping;
    private static int inside;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownGuard::awaitQuiet, "last-shutdown-guard"));
    }

    /** Enters a region with native calls; blocks for good once a termination has begun (the JVM is exiting). */
    static void enter() {
        synchronized (LOCK) {
            while (stopping) waitQuietly(0);
            inside++;
        }
    }

    /** Leaves a region entered by {@link #enter}. */
    static void exit() {
        synchronized (LOCK) {
            inside--;
            LOCK.notifyAll();
        }
    }

    private static void awaitQuiet() {
        synchronized (LOCK) {
            stopping = true;
            if (inside > 0) System.err.println("\nterminating: waiting for the current training step to finish");
            long end = System.currentTimeMillis() + MAX_WAIT_MS;
            while (inside > 0) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) break;
                waitQuietly(left);
            }
        }
    }

    private static void waitQuietly(long ms) {
        try {
            LOCK.wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
