package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.Cadence;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import dev.sparkrnn.train.UpdateMetrics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains a task's prepared data into a model: the one training procedure of the command line's {@code train}
 * and of the spark.ml estimators, so that both give the same parameters from the same data and settings.
 * It checks the settings against the task, chooses the cadence ({@code train.slices = auto}), runs the
 * {@link DistributedTrainer} (resuming from the checkpoints, when there are some), scores the best parameters
 * on the validation data and builds the model with its metadata.
 */
public final class Training {
    private Training() {
    }

    /**
     * A run: the model (null when the run stopped at its time budget before the last update), the trainer's
     * result, the configuration it ran with and the figures the model's metadata keeps.
     */
    public record Outcome(SavedModel model, DistributedTrainer.Result result, TrainerConfig config,
                          Map<String, Object> figures) {
        public boolean complete() {
            return result.complete();
        }
    }

    /**
     * Trains {@code data} of {@code task} from {@code start} (null: the network's initialization), with checkpoints
     * in {@code checkpoints} (null: none); every update's metrics go to {@code onUpdate}, progress to the console
     * ({@code what}: what is trained, e.g. "training v0001 into OUTPUT", the end of the first line).
     */
    public static Outcome run(JavaSparkContext sc, Task task, Settings s, Task.Prepared data, String checkpoints,
                              double[] start, String what, Consumer<UpdateMetrics> onUpdate) {
        Network network = data.network();
        TrainerConfig base = TrainerConfig.of(s, checkpoints);
        if (base.wordDropout() > 0 && !task.wordInput()) {
            throw new ConfigException("train.word.dropout replaces words by <unk>: it applies to the classify and tag"
                    + " tasks, not to " + task.name());
        }
        if (network.readsSource() && base.optimizer().equals("lbfgs")) {
            throw new ConfigException("optimizer = lbfgs is not available for the " + task.name() + " task (an encoder-decoder):"
                    + " use adam, rmsprop, adagrad or sgd");
        }
        DistributedTrainer probe = new DistributedTrainer(sc, network, base);
        double[] theta0 = start != null ? start : probe.initialParameters();
        long count = data.train().count();
        Console.line(String.format(Locale.ROOT, "%s: %s; %d training sequences in %d partitions; %s; BLAS %s; %s",
                task.name(), data.description(), count, data.train().getNumPartitions(), network.layout(),
                Blas.best().name(), what));
        Cadence.Resolved cadence = Cadence.resolve(s, base, probe, data.train(), count, sc.hadoopConfiguration());
        if (!cadence.choice().source().equals("set") || !s.choice("lr.scaling").equals("none")) {
            Console.line(cadence.describe(s.number("train.overhead.target")));
        }
        TrainerConfig config = cadence.config();
        DistributedTrainer trainer = new DistributedTrainer(sc, network, config);
        int every = Math.max(1, config.slices() / 5);
        DistributedTrainer.Result result = trainer.train(data.train(), data.validation(), theta0, m -> {
            onUpdate.accept(m);
            if (m.iteration() % every == 0 || !Double.isNaN(m.validationLoss())) {
                long saved = config.checkpointDir() == null ? 0
                        : m.iteration() / config.checkpointEvery() * config.checkpointEvery();
                Console.line(progress(m, task.reportsBits()) + (saved > 0 ? "  checkpoint " + saved : ""));
            }
        });
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("updates", result.updates());
        if (!result.complete()) return new Outcome(null, result, config, quality);
        quality.put("slices", config.slices());   // as trained: what train.slices = auto chose
        quality.put("lr", config.schedule().lr());
        quality.put("best_update", result.bestUpdate());
        quality.put("stopped_early", Boolean.toString(result.stoppedEarly()));
        quality.putAll(data.inputFigures());
        if (data.validation() != null) {
            Map<String, Object> figures = task.score(sc, network, result.best(), data.validation(), s);
            figures.forEach((k, v) -> quality.put("validation_" + k, v));
            StringBuilder line = new StringBuilder("validation (update " + result.bestUpdate() + "):");
            figures.forEach((k, v) -> line.append(' ').append(k).append(' ')
                    .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v));
            Console.line(line.toString());
        }
        double rate = result.history().stream().mapToDouble(UpdateMetrics::stepsPerSecond).average().orElse(Double.NaN);
        quality.put("steps_per_s", Double.isNaN(rate) ? "NaN" : (Object) Math.round(rate));
        ModelMetadata.Shape shape = ModelMetadata.Shape.of(network);
        ModelMetadata meta = new ModelMetadata(ModelFiles.modelTypeOf(shape), shape, task.name(), s.asMap(),
                data.vocabulary(), data.labels(), data.normalization(),
                ModelMetadata.Provenance.now(s.required("input"), config.seed(), sc.version(), Versions.project()),
                quality, data.sourceVocabulary());
        // a float32 model stores theta as the float32 kernel computes with it (format 2), a float64 one as is
        SavedModel model = SavedModel.rounded(meta, result.best(), Precision.of(s.choice("precision")));
        return new Outcome(model, result, config, quality);
    }

    /** One progress line; bits per character are shown for character models. */
    public static String progress(UpdateMetrics m, boolean bits) {
        return String.format(Locale.ROOT, "update %5d  epoch %3d  loss %s%s  %,.0f steps/s  %.0f%% outside kernel",
                m.iteration(), m.epoch(), loss(m.loss(), bits),
                Double.isNaN(m.validationLoss()) ? "" : "  validation " + loss(m.validationLoss(), bits),
                m.stepsPerSecond(), 100 * m.outsideShare());
    }

    private static String loss(double loss, boolean bits) {
        return bits ? String.format(Locale.ROOT, "%.4f (%.3f bits/char)", loss, loss / Math.log(2))
                : String.format(Locale.ROOT, "%.4f", loss);
    }
}
