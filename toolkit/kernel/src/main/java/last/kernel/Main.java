package last.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

/** Entry point: {@code java -jar last-kernel.jar <connection file>}. */
public final class Main {

    /** slf4j-simple's level property (the logger DJL uses on the toolkit's class path). */
    static final String SLF4J_SIMPLE_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Main() {}

    /**
     * DJL logs "Number of inter-op threads" and similar at INFO through slf4j-simple, which notebooks show as red
     * stderr blocks: default to warn (real warnings stay) unless the kernelspec or the user chose a level. Must run
     * before the first logger is created. (PyTorch's native log is set by TORCH_CPP_LOG_LEVEL in the kernelspec
     * env: a JVM cannot set its own environment.)
     */
    static void quietLibraryLogs() {
        if (System.getProperty(SLF4J_SIMPLE_LEVEL) == null) System.setProperty(SLF4J_SIMPLE_LEVEL, "warn");
        // DJL's CUDA probe warns on every start on machines with a GPU driver; meaningless for the CPU-only PyTorch
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null)
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -jar last-kernel.jar <connection-file>");
            System.exit(2);
        }
        quietLibraryLogs();
        // basekernel's Loop-* loggers are not children of JUPYTER_LOGGER: quiet the root logger
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers()) h.setLevel(Level.WARNING);
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);

        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        JavaKernel kernel = new JavaKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
