/**
 * The notebook kernel: an IJava-compatible Jupyter kernel on jupyter-jvm-basekernel and JShell (magics %maven,
 * %jars, %classpath, %load, %loadFromPOM; display/render; inspection and completion; rich rendering of XChart
 * charts and Tablesaw tables found on the notebook's class path by reflection).
 *
 * <p>Implements: the notebooks' execution environment (docs/notebooks.md); no paper section.
 *
 * <p>May import: jupyter-jvm-basekernel and the JDK; never the toolkit's library packages (it must also run
 * notebooks that do not use them).
 */
package last.kernel;
