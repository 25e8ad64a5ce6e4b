package dev.sparkrnn.ml;

import dev.sparkrnn.infer.Generator;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.task.ConditionalLmTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scoring of a conditional language model: for a row's label (the string or number at {@code index}) the
 * sentence the command line's {@code generate} samples first for that label with the row's seed as
 * {@code generate.seed} ({@link ConditionalLmTask#sentence}: the prime's words, then sampled ones, at most
 * {@code length}, joined by spaces). A null label gives null; a label the model does not know is an
 * {@link IllegalArgumentException} naming it and the model's labels. The rows of a chunk are sampled together
 * by one sampler per partition, each step one batch of every row still sampling.
 */
record SentenceScoring(EncoderDecoderNetwork network, double[] params, List<String> labels, List<String> target,
                       int[] prime, int index, GeneratingModel.RowSeed seeds, double temperature, int topK, int length)
        implements BatchScorer.Scoring {

    /** A row's label index and its seed. */
    private record Label(int index, long seed) { }

    @Override
    public BatchScorer.Scorer open() {
        Generator.Conditional sampler = new Generator(temperature, topK).conditional(network, params,
                RnnConditionalLmModel.SAMPLED_TOGETHER);
        return new BatchScorer.Scorer() {
            @Override
            public Object encode(Row row) {
                if (row.isNullAt(index)) return null;
                String label = String.valueOf(row.get(index)).trim();
                int l = labels.indexOf(label);
                if (l < 0) throw new IllegalArgumentException("label '" + label + "' is not one of the model's labels " + labels);
                return new Label(l, seeds.of(row));
            }

            @Override
            public List<Object[]> score(List<Object> rows) {
                int[] indices = new int[rows.size()];
                long[] seeds = new long[rows.size()];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = ((Label) rows.get(i)).index();
                    seeds[i] = ((Label) rows.get(i)).seed();
                }
                List<Object[]> out = new ArrayList<>(rows.size());
                if (indices.length == 0) return out;
                for (String sentence : ConditionalLmTask.sentences(sampler, target, indices, prime, length, seeds, 0)) {
                    out.add(new Object[] {sentence});
                }
                return out;
            }

            @Override
            public Object[] none() {
                return new Object[1];
            }
        };
    }
}
