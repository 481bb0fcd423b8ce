package last.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's JVM on executor threads (context class loader = the JShell class loader),
 * keeps the real result objects (JShell itself only keeps strings) under a key returned as the "value string",
 * applies the optional per-statement timeout and supports interrupts. Exceptions and {@link Error}s thrown by user
 * code are converted to JShell's {@code EvalException} on the executor thread, so they never reach the kernel's
 * message loop.
 */
final class CellExecutionControl extends DirectExecutionControl {

    static final String KEY_PREFIX = "last.kernel.result:";
    private static final String NULL_KEY = KEY_PREFIX + "null";

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final Set<Thread> runningThreads = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private volatile long timeoutMillis;

    CellExecutionControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "last-kernel-exec-" + count.incrementAndGet(), 0);
            t.setDaemon(true);
            return t;
        });
    }

    void setTimeoutMillis(long timeoutMillis) { this.timeoutMillis = timeoutMillis; }

    long getTimeoutMillis() { return timeoutMillis; }

    @Override
    protected String invoke(Method doit) throws Exception {
        ClassLoader loader = doit.getDeclaringClass().getClassLoader();
        FutureTask<Object> task = new FutureTask<>(() -> {
            Thread t = Thread.currentThread();
            t.setContextClassLoader(loader);
            runningThreads.add(t);
            try {
                return doit.invoke(null);
            } finally {
                runningThreads.remove(t);
                Thread.interrupted(); // leave no interrupt flag on a pooled thread
            }
        });
        running.add(task);
        try {
            pool.execute(task);
            long timeout = timeoutMillis;
            Object value = timeout > 0 ? task.get(timeout, TimeUnit.MILLISECONDS) : task.get();
            if (value == null) return NULL_KEY;
            String key = KEY_PREFIX + UUID.randomUUID();
            results.put(key, value);
            return key;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite) throw ite; // JShell converts it to EvalException
            if (cause instanceof Exception ex) throw ex;
            throw new InvocationTargetException(cause);
        } catch (TimeoutException e) {
            stopTask(task);
            throw new ExecutionControl.UserException(
                    "Execution exceeded the timeout of " + timeoutMillis + " ms (IJAVA_TIMEOUT)",
                    "Execution Timeout", new StackTraceElement[0]);
        } catch (CancellationException | InterruptedException e) {
            stopTask(task);
            throw new ExecutionControl.UserException("Execution was interrupted", "Execution Interrupted",
                    new StackTraceElement[0]);
        } finally {
            running.remove(task);
        }
    }

    /** Result object stored under the key JShell reports as the snippet's value; removes it. */
    Object takeResult(String key) {
        if (key == null || NULL_KEY.equals(key)) return null;
        return results.remove(key);
    }

    boolean isResultKey(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }

    /** Drops results nobody took (statements whose value JShell discarded). */
    void clearResults() { results.clear(); }

    /** Cancels every running cell statement (message-mode interrupt). */
    void interruptAll() {
        for (Future<?> f : running) f.cancel(true);
    }

    Class<?> loadClass(String name) throws ClassNotFoundException { return findClass(name); }

    /** Cancel, and if the code ignores the interrupt, stop its thread (Java 17 still honours Thread.stop). */
    @SuppressWarnings({"deprecation", "removal"})
    private void stopTask(FutureTask<Object> task) {
        task.cancel(true);
        long deadline = System.currentTimeMillis() + 1000;
        while (!runningThreads.isEmpty() && System.currentTimeMillis() < deadline) {
            try { Thread.sleep(20); } catch (InterruptedException ie) { Thread.currentThread().interrupt(); break; }
        }
        for (Thread t : runningThreads) {
            try { t.stop(); } catch (Throwable ignored) { /* UnsupportedOperationException on newer JDKs */ }
        }
    }

    @Override
    public void close() {
        interruptAll();
        pool.shutdownNow();
        super.close();
    }

    /** The JShell execution engine handing out one control per shell. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control;

        Provider(CellExecutionControl control) { this.control = control; }

        @Override public String name() { return "last-kernel"; }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) { return control; }
    }
}
