/**
 * File formats: NumPy npz (checkpoint tensors), Flax msgpack, and the reference implementations' checkpoint
 * layouts (S5 in JAX, S4D in PyTorch) read into and written from the toolkit's models.
 *
 * <p>Implements: docs/your-own-model.md (bringing a model trained elsewhere); the checkpoint format of last.model.
 *
 * <p>May import: last.model, the math core, DJL (tensors), Jackson; never last.experiment, last.plot, last.figures.
 */
package last.io;
