/**
 * Reading training data with Spark: any Hadoop path (a file, a directory or a glob), records that know their
 * file and line, bad input handled by policy, and encoding to {@link dev.sparkrnn.data.EncodedSequence}.
 *
 * <h2>Readers</h2>
 * <ul>
 *   <li>{@link dev.sparkrnn.ingest.SentenceReader}: labelled sentences (classification) from
 *       {@code text<TAB>label} lines, CSV with a header, JSON lines or Parquet ({@link dev.sparkrnn.ingest.SentenceSpec});</li>
 *   <li>{@link dev.sparkrnn.ingest.TagReader}: tagged sentences from CoNLL-U or CoNLL token/tag columns
 *       ({@link dev.sparkrnn.ingest.TagSpec});</li>
 *   <li>{@link dev.sparkrnn.ingest.SeriesReader}: labelled numeric series from sktime/UCR {@code .ts} or
 *       one-series-per-row CSV ({@link dev.sparkrnn.ingest.SeriesSpec});</li>
 *   <li>{@link dev.sparkrnn.ingest.PairReader}: sequence pairs for encoder–decoder models from the CMU
 *       pronouncing dictionary or {@code source<TAB>target} lines ({@link dev.sparkrnn.ingest.PairSpec}), each
 *       side cut into characters, words or space-separated tokens ({@link dev.sparkrnn.ingest.PairUnit});</li>
 *   <li>{@link dev.sparkrnn.ingest.TextCorpus}: plain text for character language models.</li>
 * </ul>
 * Each returns a {@link dev.sparkrnn.ingest.Checked}: the records and the problems met, persisted.
 *
 * <h2>Bad input</h2>
 * A record that cannot be used becomes a {@link dev.sparkrnn.ingest.Problem} ("file line N: what"), counted
 * by {@link dev.sparkrnn.ingest.Defect}. Under {@link dev.sparkrnn.ingest.BadInputPolicy#FAIL},
 * {@link dev.sparkrnn.ingest.Checked#records()} throws a {@link dev.sparkrnn.ingest.BadInputException} for
 * the first one by position; under {@code SKIP} it leaves them out and
 * {@link dev.sparkrnn.ingest.Checked#report(int)} counts them in a second pass (exact under task retries,
 * unlike accumulators). Problems with a whole input (no such file, a missing column, a {@code .ts} header
 * without {@code @data}) always throw.
 *
 * <h2>Encoding</h2>
 * {@link dev.sparkrnn.ingest.SentenceEncoder}, {@link dev.sparkrnn.ingest.TagEncoder},
 * {@link dev.sparkrnn.ingest.SeriesEncoder} and {@link dev.sparkrnn.ingest.PairEncoder} are fitted on the
 * training records (vocabulary, label dictionary, normalization: {@link dev.sparkrnn.ingest.Dictionaries}) and
 * then encode training and validation data alike; a label not seen in training is a problem.
 * {@link dev.sparkrnn.ingest.LengthLimit} splits or truncates long sequences (an over-long pair is a problem
 * instead); {@link dev.sparkrnn.ingest.HoldOut} splits one input into training and validation, by record or
 * by group; ids are stable ({@link dev.sparkrnn.ingest.RecordIds}).
 */
package dev.sparkrnn.ingest;
