package dev.sparkrnn.ml;

import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scoring of a classifier or tagger: a row's tokens by the model's vocabulary (or its series standardized by the
 * model's normalization), labelled by one {@link Labeller}
 * per partition in batches of {@code batchSize} through the batched forward pass.
 */
record LabelScoring(Network network, double[] params, List<String> vocabulary, Normalization normalization,
                    Input input, Output output,
                    int batchSize, int window, Precision precision, boolean distributions) implements BatchScorer.Scoring {

    /**
     * A row's input: its tokens ({@code List<String>}; null or empty: nothing to label) or, for a model of dense
     * input, its raw values step after step ({@code double[]}, standardized by the model's normalization).
     */
    interface Input extends Serializable {
        Object source(Row row);
    }

    /** The output columns' values of one labelled sequence, and of a row without tokens. */
    interface Output extends Serializable {
        Object[] values(Labeller.Labels labels);

        Object[] none();
    }

    @Override
    public BatchScorer.Scorer open() {
        Vocabulary vocabulary = vocabulary().isEmpty() ? null : Vocabulary.fromEntries(vocabulary(), true);   // none: dense input
        int inputSize = network.layout().inputSize;
        Labeller labeller = new Labeller(network, params, batchSize, window, precision, distributions);
        return new BatchScorer.Scorer() {
            @Override
            public Object encode(Row row) {
                Object source = input.source(row);
                if (source instanceof double[] values) return normalization.apply(values);
                List<?> tokens = (List<?>) source;
                if (tokens == null || tokens.isEmpty()) return null;
                List<String> words = new ArrayList<>(tokens.size());
                for (Object t : tokens) words.add((String) t);
                return vocabulary.encode(words);
            }

            @Override
            public int length(Object source) {
                return source instanceof int[] tokens ? tokens.length : ((double[]) source).length / inputSize;
            }

            @Override
            public List<Object[]> score(List<Object> sources) {
                List<Object[]> out = new ArrayList<>(sources.size());
                for (Labeller.Labels l : labeller.label(sources)) out.add(output.values(l));
                return out;
            }

            @Override
            public Object[] none() {
                return output.none();
            }
        };
    }
}
