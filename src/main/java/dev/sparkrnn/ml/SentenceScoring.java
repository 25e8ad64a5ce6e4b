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
 * {@link IllegalArgumentException} naming it and the model's labels. Rows are sampled one at a time, by one
 * sampler per partition: sampling is sequential, a word after the other.
 */
record SentenceScoring(EncoderDecoderNetwork network, double[] params, List<String> labels, List<String> target,
                       int[] prime, int index, GeneratingModel.RowSeed seeds, double temperature, int topK, int length)
        implements BatchScorer.Scoring {

    /** A row's label index and its seed. */
    private record Label(int index, long seed) { }

    @Override
    public BatchScorer.Scorer open() {
        Generator.Conditional sampler = new Generator(temperature, topK).conditional(network, params);
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
                List<Object[]> out = new ArrayList<>(rows.size());
                for (Object o : rows) {
                    Label l = (Label) o;
                    out.add(new Object[] {ConditionalLmTask.sentence(sampler, target, l.index(), prime, length, l.seed(), 0)});
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
