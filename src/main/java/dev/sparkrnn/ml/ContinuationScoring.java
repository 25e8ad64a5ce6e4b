package dev.sparkrnn.ml;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.infer.Generator;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.task.CharLmTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scoring of a character language model: a row's prime (the string at {@code index}) continued by
 * {@code length} sampled characters, as the command line's {@code generate} continues {@code generate.prime}
 * ({@link CharLmTask#primeCodes}, {@link CharLmTask#continuation}), with the row's seed; the value is the
 * continuation without the prime. A null prime has nothing to continue (null). The rows of a chunk are sampled
 * together, each step one batch of every row still sampling ({@link CharLmTask#continuations}).
 */
record ContinuationScoring(Network network, double[] params, CharVocabulary vocabulary, int index,
                           GeneratingModel.RowSeed seeds, double temperature, int topK, int length)
        implements BatchScorer.Scoring {

    /** A row's prime, as the model's characters, and its seed. */
    private record Prime(int[] codes, long seed) { }

    @Override
    public BatchScorer.Scorer open() {
        Generator generator = new Generator(temperature, topK);
        return new BatchScorer.Scorer() {
            @Override
            public Object encode(Row row) {
                if (row.isNullAt(index)) return null;
                return new Prime(CharLmTask.primeCodes(vocabulary, row.getString(index)), seeds.of(row));
            }

            @Override
            public List<Object[]> score(List<Object> primes) {
                List<int[]> codes = new ArrayList<>(primes.size());
                long[] seeds = new long[primes.size()];
                for (int i = 0; i < primes.size(); i++) {
                    Prime p = (Prime) primes.get(i);
                    codes.add(p.codes());
                    seeds[i] = p.seed();
                }
                List<Object[]> out = new ArrayList<>(primes.size());
                if (codes.isEmpty()) return out;
                for (String text : CharLmTask.continuations(network, params, vocabulary, codes, generator, length, seeds)) {
                    out.add(new Object[] {text});
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
