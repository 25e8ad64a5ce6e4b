package dev.sparkrnn.ml;

import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * How a spark.ml model is saved: as the command line's model directory ({@link ModelFiles}: {@code metadata.json},
 * {@code parameters.bin}, {@code _SUCCESS}, written atomically) with the stage's class, uid and Params in
 * {@code metadata/} (Spark's own stage metadata, written by {@code DefaultParamsWriter}). The command line reads
 * such a directory as any model (it ignores {@code metadata/}); the reader reads a directory without
 * {@code metadata/} (one the command line wrote) as a model with a new uid and default Params.
 */
final class StageFiles {
    static final String PARAMS = "metadata";

    private StageFiles() {
    }

    static final class Writer extends MLWriter {
        private final RnnModel<?> model;

        Writer(RnnModel<?> model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            try {
                ModelFiles.write(sc().hadoopConfiguration(), path, model.savedModel(), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model to " + path + ": " + e.getMessage(), e);
            }
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
        }
    }

    static final class Reader<M extends RnnModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final String prefix;
        private final BiFunction<String, SavedModel, M> make;

        Reader(Class<M> type, String prefix, BiFunction<String, SavedModel, M> make) {
            this.type = type;
            this.prefix = prefix;
            this.make = make;
        }

        @Override
        public M load(String path) {
            Configuration conf = sc().hadoopConfiguration();
            SavedModel saved;
            boolean stage;
            try {
                saved = ModelFiles.read(conf, path);
                Path params = new Path(path, PARAMS);
                stage = params.getFileSystem(conf).exists(params);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            M model;
            try {
                if (!stage) return make.apply(Identifiable.randomUID(prefix), saved);
                DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
                model = make.apply(meta.uid(), saved);
                meta.getAndSetParams(model, Option.empty());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage() + " (load it with the model class of its"
                        + " task)", e);
            }
            return model;
        }
    }
}
