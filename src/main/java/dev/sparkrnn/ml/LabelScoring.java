package dev.sparkrnn.ml;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scoring of a classifier or tagger: a row's tokens by the model's vocabulary, labelled by one {@link Labeller}
 * per partition in batches of {@code batchSize} through the batched forward pass.
 */
record LabelScoring(Network network, double[] params, List<String> vocabulary, Input input, Output output,
                    int batchSize, int window, Precision precision, boolean distributions) implements BatchScorer.Scoring {

    /** A row's tokens (null or empty: nothing to label). */
    interface Input extends Serializable {
        List<String> tokens(Row row);
    }

    /** The output columns' values of one labelled sequence, and of a row without tokens. */
    interface Output extends Serializable {
        Object[] values(Labeller.Labels labels);

        Object[] none();
    }

    @Override
    public BatchScorer.Scorer open() {
        Vocabulary words = Vocabulary.fromEntries(vocabulary, true);
        Labeller labeller = new Labeller(network, params, batchSize, window, precision, distributions);
        return new BatchScorer.Scorer() {
            @Override
            public Object encode(Row row) {
                List<String> tokens = input.tokens(row);
                return tokens == null || tokens.isEmpty() ? null : words.encode(tokens);
            }

            @Override
            public List<Object[]> score(List<Object> sources) {
                List<int[]> sequences = new ArrayList<>(sources.size());
                for (Object s : sources) sequences.add((int[]) s);
                List<Object[]> out = new ArrayList<>(sources.size());
                for (Labeller.Labels l : labeller.label(sequences)) out.add(output.values(l));
                return out;
            }

            @Override
            public Object[] none() {
                return output.none();
            }
        };
    }
}
