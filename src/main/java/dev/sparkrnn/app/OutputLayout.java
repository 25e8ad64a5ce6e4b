package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.persist.ModelFiles;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What {@code train} keeps under its output directory (any Hadoop path):
 * <pre>
 *   OUTPUT/models/v0001/          a finished model (metadata.json, parameters.bin, _SUCCESS), one per version
 *   OUTPUT/checkpoints/v0001/     the checkpoints of the run training that version (resumed by a rerun)
 *   OUTPUT/metrics/v0001-TIME.jsonl   one JSON line per update, one file per run
 * </pre>
 */
final class OutputLayout {
    private static final Pattern VERSION = Pattern.compile("v(\\d{4,})");
    private final Path root;
    private final FileSystem fs;

    OutputLayout(Configuration conf, String output) throws IOException {
        Path p = new Path(output);
        this.fs = p.getFileSystem(conf);
        this.root = fs.makeQualified(p);
    }

    FileSystem fs() { return fs; }

    String model(int version) {
        return new Path(root, "models/" + name(version)).toString();
    }

    String checkpoints(int version) {
        return new Path(root, "checkpoints/" + name(version)).toString();
    }

    Path metrics(int version, String runTime) {
        return new Path(root, "metrics/" + name(version) + "-" + runTime + ".jsonl");
    }

    static String name(int version) {
        return String.format(Locale.ROOT, "v%04d", version);
    }

    /** The newest version whose model is complete (has _SUCCESS), or 0. */
    int latestModel() throws IOException {
        return latest(new Path(root, "models"), true);
    }

    /**
     * Refuses to train a version whose model directory already exists without being a finished model: files
     * that spark-rnn did not write (a finished model has _SUCCESS and is never retrained), which the final
     * write would refuse to replace after all the training.
     */
    void requireFree(int version) throws IOException {
        Path dir = new Path(model(version));
        if (fs.exists(dir)) {
            throw new ConfigException(dir + " already exists and is not a finished model (no " + ModelFiles.SUCCESS
                    + "): it holds files spark-rnn did not write, and training would end unable to write the model"
                    + " there. Move or delete that directory, or set output to another directory.");
        }
    }

    /** Whether checkpoints of this version exist (an interrupted run to resume). */
    boolean hasCheckpoints(int version) throws IOException {
        Path dir = new Path(checkpoints(version));
        if (!fs.exists(dir)) return false;
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.getPath().getName().startsWith("ckpt-")) return true;
        }
        return false;
    }

    private int latest(Path dir, boolean complete) throws IOException {
        if (!fs.exists(dir)) return 0;
        int best = 0;
        for (FileStatus f : fs.listStatus(dir)) {
            Matcher m = VERSION.matcher(f.getPath().getName());
            if (f.isDirectory() && m.matches()
                    && (!complete || fs.exists(new Path(f.getPath(), ModelFiles.SUCCESS)))) {
                best = Math.max(best, Integer.parseInt(m.group(1)));
            }
        }
        return best;
    }

    /**
     * The model directory named by {@code model}: a model directory itself, or an output directory (its
     * latest complete version).
     */
    static String resolveModel(Configuration conf, String model) throws IOException {
        Path p = new Path(model);
        FileSystem fs = p.getFileSystem(conf);
        if (fs.exists(new Path(p, ModelFiles.METADATA))) return p.toString();
        OutputLayout out = new OutputLayout(conf, model);
        int v = out.latestModel();
        if (v == 0) {
            throw new java.io.FileNotFoundException("no model at " + model + ": neither a model directory (with "
                    + ModelFiles.METADATA + ") nor an output directory with a finished models/vNNNN");
        }
        return out.model(v);
    }
}
