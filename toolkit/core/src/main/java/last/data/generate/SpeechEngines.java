package last.data.generate;

import last.data.original.SpeechCommands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import last.data.generate.SpeechSynth.Engine;
import last.data.generate.SpeechSynth.Params;
import last.data.generate.SpeechSynth.Voice;

/**
 * The text-to-speech engines of {@link SpeechSynth} as external processes: their command lines (step 1 of the
 * recipe), running them, their version lines and the install hint when one is missing. Reached through
 * {@link SpeechSynth}'s entry points of the same names.
 */
final class SpeechEngines {
    private SpeechEngines() {}

    /** The engine's command line that writes word {@code text} to {@code wav}. */
    static List<String> command(Voice v, String text, Params p, Path wav) {
        return switch (v.engine()) {
            case ESPEAK -> List.of("espeak-ng", "-v", v.name(), "-s", Integer.toString((int) p.rate()), "-p",
                    Integer.toString((int) p.pitch()), "-a", "100", "-w", wav.toString(), text);
            case FLITE -> List.of("flite", "-voice", v.name(), "--setf", String.format(Locale.ROOT, "duration_stretch=%.3f", p.rate()),
                    "--setf", String.format(Locale.ROOT, "int_f0_target_mean=%.1f", p.pitch()), "-t", text, "-o", wav.toString());
        };
    }

    /** Speaks {@code text} with the engine into {@code wav} (overwritten) and returns the decoded file. */
    static SpeechCommands.Wav speak(Voice v, String text, Params p, Path wav) {
        run(v.engine(), command(v, text, p, wav));
        return readPcm16(wav);
    }

    /**
     * Decodes an engine's WAV file, 16-bit mono PCM, with {@code javax.sound.sampled} (the files are our own engines'
     * output; the strict reader with its validation messages for downloaded recordings is
     * {@link SpeechCommands#readWav}).
     */
    static SpeechCommands.Wav readPcm16(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (!AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding()) || f.getSampleSizeInBits() != 16 || f.getChannels() != 1)
                throw new IllegalArgumentException(wav + " is not 16-bit mono PCM: " + f);
            byte[] b = in.readAllBytes();
            short[] s = new short[b.length / 2];
            ByteBuffer.wrap(b, 0, 2 * s.length).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            return new SpeechCommands.Wav(Math.round(f.getSampleRate()), s);
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new IllegalArgumentException("cannot read " + wav + ": " + e.getMessage(), e);
        }
    }

    /** Whether the engine's program can be run here. */
    static boolean available(Engine e) {
        try {
            version(e);
            return true;
        } catch (IllegalStateException ex) {
            return false;
        }
    }

    /**
     * The engine's version line (e.g. "eSpeak NG text-to-speech: 1.51", "flite flite-2.2-current Sep 2018"); for
     * flite also checks that {@code flite -lv} runs (its {@code --version} exits with status 1).
     */
    static String version(Engine e) {
        String out = e == Engine.ESPEAK ? run(e, List.of("espeak-ng", "--version"), false)
                : run(e, List.of("flite", "-lv"), false) + run(e, List.of("flite", "--version"), true);
        for (String l : out.split("\n")) {
            String s = l.strip();
            if (e == Engine.ESPEAK && s.startsWith("eSpeak")) return s.replaceAll("\\s+Data at:.*", "");
            if (e == Engine.FLITE && s.startsWith("version:")) return "flite " + s.substring(8).strip().replaceAll("\\s*\\(http.*", "");
        }
        return out.strip().replaceAll("\\s+", " ");
    }

    private static String installHint(Engine e) {
        String pkg = e == Engine.ESPEAK ? "espeak-ng" : "flite";
        return pkg + " is not installed (or not on PATH); the synthesised speech set needs it: install it with"
                + " 'sudo apt-get install " + pkg + "' (Debian/Ubuntu; as root: DEBIAN_FRONTEND=noninteractive apt-get install -y " + pkg + ")";
    }

    static String run(Engine e, List<String> cmd) { return run(e, cmd, false); }

    /** Runs an engine's command and returns its output; a non-zero exit status is an error unless {@code anyExit}. */
    private static String run(Engine e, List<String> cmd, boolean anyExit) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException ex) {
            throw new IllegalStateException(installHint(e) + " [" + ex.getMessage() + "]", ex);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0 && !anyExit) throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
            return out;
        } catch (IOException ex) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), ex);
        }
    }

    /** Checks that the engines of {@code voices} run, with a message saying how to install a missing one. */
    static String requireEngines(List<Voice> voices) {
        List<String> v = new ArrayList<>();
        for (Engine e : Engine.values())
            if (voices.stream().anyMatch(x -> x.engine() == e)) v.add(version(e));
        return String.join("; ", v);
    }

}
