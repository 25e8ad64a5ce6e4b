package dev.sparkrnn.ml;

import dev.sparkrnn.infer.Decoder;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.ingest.PairEncoder;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Precision;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scoring of a sequence-to-sequence model: a row's source cut as the training data was (or its tokens, or for a
 * vector source its numbers standardized), decoded by one {@link Decoder} per partition in {@code precision}, {@code batch} sources
 * at a time with all their beams in one batch per step. The values: the prediction joined by the target unit,
 * p(prediction | source) and its logarithm, for the columns wanted.
 */
record DecodeScoring(EncoderDecoderNetwork network, double[] params, PairEncoder encoder, int index, boolean tokens,
                     boolean reverse, int beam, int maxLength, int batch, Precision precision, boolean prediction,
                     boolean probability, boolean logProbability) implements BatchScorer.Scoring {

    @Override
    public BatchScorer.Scorer open() {
        Decoder decoder = new Decoder(network, params, reverse, beam, maxLength, batch, precision);
        return new BatchScorer.Scorer() {
            @Override
            public Object encode(Row row) {
                if (row.isNullAt(index)) return null;
                if (tokens) {
                    List<String> t = row.getList(index);
                    if (t.isEmpty()) return null;
                    if (!encoder.spec().lowercase()) return encoder.sourceVocabulary().encode(t);
                    return encoder.sourceVocabulary().encode(DataFrameRecords.lowercased(t));
                }
                String text = row.getString(index).strip();
                if (text.isEmpty()) return null;
                if (encoder.vectorSource()) return encoder.encodeVector(text);
                try {
                    return encoder.encodeSource(text);
                } catch (IllegalArgumentException noTokens) {
                    return null;
                }
            }

            @Override
            public List<Object[]> score(List<Object> sources) {
                List<Object[]> out = new ArrayList<>(sources.size());
                for (Decoded r : decoder.decodeAll(sources)) {
                    List<Object> v = new ArrayList<>(3);
                    if (prediction) v.add(encoder.decode(r.tokens()));
                    if (probability) v.add(Math.exp(r.logProbability()));
                    if (logProbability) v.add(r.logProbability());
                    out.add(v.toArray());
                }
                return out;
            }

            @Override
            public Object[] none() {
                return new Object[(prediction ? 1 : 0) + (probability ? 1 : 0) + (logProbability ? 1 : 0)];
            }
        };
    }
}
