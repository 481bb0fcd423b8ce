package io.github.spencerpark.ijava;

import last.kernel.JavaKernel;

/** Compatibility entry for IJava notebooks that call {@code IJava.getKernelInstance().getRenderer()}. */
public final class IJava {

    private IJava() {}

    public static JavaKernel getKernelInstance() { return JavaKernel.getInstance(); }
}
