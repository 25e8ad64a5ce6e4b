package dev.sparkrnn.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Produces a target sequence for one source with a trained {@link EncoderDecoderKernel}: greedy decoding,
 * beam search, or sampling. Each runs the decoder one step at a time from h_0 = c (and C c at every step when
 * the context is fed), starting from {@code <s>} and stopping at {@code </s>} or after {@code maxLength}
 * tokens:
 *
 * <pre>
 *   h_t = tanh(U_d y_{t-1} + V_d h_{t-1} + C c + b_d),   log p(y_t | y_&lt;t, x) = log softmax(W h_t + b_o)
 * </pre>
 *
 * Beam search keeps the {@code width} best partial sequences by total log-probability (no length
 * normalisation), runs them as one batch per step, moves a candidate ending in {@code </s>} to the finished
 * list, and stops when no unfinished sequence can still beat the best finished one (scores only fall). A
 * sequence cut by the length limit competes with its score so far. Buffers are allocated once per decoder.
 */
public final class SequenceDecoder implements SequenceSearch {
    private final EncoderDecoderKernel kernel;
    private final EncoderDecoderLayout layout;
    private final double[] theta;
    private final int maxWidth;
    private EncoderDecoderKernel.Scratch scratch;
    private final SequenceBatch source;
    private final SequenceBatch step;
    private final Workspace ws;
    private final RnnKernel.Exchange exchange = new RnnKernel.Exchange();
    private final double[] fedSources, stepInput, h, hNext, logits, probs;
    private final /*float64*/ double[] weights;
    private final int[] order;

    /**
     * @param maxWidth        the widest beam this decoder will run
     * @param maxSourceLength the longest source it expects; a longer one grows the encoder's scratch once
     */
    public SequenceDecoder(EncoderDecoderKernel kernel, double[] theta, int maxWidth, int maxSourceLength) {
        if (maxWidth < 1) throw new IllegalArgumentException("beam width must be at least 1: " + maxWidth);
        this.kernel = kernel;
        this.layout = kernel.layout();
        this.theta = theta;
        this.maxWidth = maxWidth;
        int hn = layout.hiddenSize(), k = layout.decoder.outputSize;
        this.scratch = new EncoderDecoderKernel.Scratch(layout, 1, maxSourceLength, 1);
        this.source = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        this.step = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        this.ws = new Workspace(layout.decoder, maxWidth, 1);
        this.fedSources = new double[hn * maxWidth];
        this.stepInput = new double[hn * maxWidth];
        this.h = new double[hn * maxWidth];
        this.hNext = new double[hn * maxWidth];
        this.logits = new double[k * maxWidth];
        this.probs = new double[k];
        this.weights = new /*float64*/ double[k];
        this.order = new int[k];
    }

    /**
     * The source batch to fill before each call: one sequence (tokens or features), or for {@link #greedyAll} up
     * to the decoder's width of them.
     */
    @Override
    public SequenceBatch source() {
        source.clear();
        return source;
    }

    /** Greedy decoding for width 1, beam search otherwise. */
    @Override
    public Decoded decode(int start, int end, int width, int maxLength) {
        return width == 1 ? greedy(start, end, maxLength) : beam(start, end, width, maxLength);
    }

    /**
     * Greedy decoding for width 1, beam search otherwise, of every source in {@link #source()}: at most the
     * decoder's width of them, or for a beam its width / {@code width}.
     */
    @Override
    public Decoded[] decodeAll(int start, int end, int width, int maxLength) {
        return width == 1 ? greedyAll(start, end, maxLength) : beamAll(start, end, width, maxLength);
    }

    /** Greedy decoding: y_t = argmax p(y_t | y_&lt;t, x). */
    public Decoded greedy(int start, int end, int maxLength) {
        requireOneSource();
        return greedyAll(start, end, maxLength)[0];
    }

    /**
     * Greedy decoding, y_t = argmax p(y_t | y_&lt;t, x), of every source in {@link #source()} at once, each step
     * one batch of the sources not yet finished: for each source, in the order they were added, what decoding it
     * alone gives, with one product per step for all of them instead of one per source.
     */
    public Decoded[] greedyAll(int start, int end, int maxLength) {
        int n = encodeSources(1), hn = layout.hiddenSize();
        int[][] out = new int[n][maxLength];
        int[] length = new int[n], item = new int[n], last = new int[n];
        /*float64*/ double[] logp = new /*float64*/ double[n];
        boolean[] finished = new boolean[n];
        for (int i = 0; i < n; i++) {
            item[i] = i;
            last[i] = start;
        }
        int alive = n;
        for (int t = 0; t < maxLength && alive > 0; t++) {
            advance(last, item, alive);
            int kept = 0;
            for (int r = 0; r < alive; r++) {
                logSoftmax(r);
                int best = Argmax.of(probs, 0, probs.length), i = item[r];
                logp[i] += probs[best];
                if (best == end) {
                    finished[i] = true;
                    continue;
                }
                out[i][t] = best;
                length[i] = t + 1;
                // the row goes on: to position kept (<= r), with its state
                System.arraycopy(hNext, r * hn, h, kept * hn, hn);
                item[kept] = i;
                last[kept] = best;
                kept++;
            }
            alive = kept;
        }
        Decoded[] results = new Decoded[n];
        for (int i = 0; i < n; i++) results[i] = new Decoded(Arrays.copyOf(out[i], length[i]), logp[i], finished[i]);
        return results;
    }

    /** Beam search of the given width; width 1 is greedy decoding. */
    public Decoded beam(int start, int end, int width, int maxLength) {
        requireOneSource();
        return beamAll(start, end, width, maxLength)[0];
    }

    /**
     * Beam search of the given width of every source in {@link #source()} at once (at most the decoder's width /
     * {@code width} of them): each step runs the beams of all sources not yet decided as one batch, then each
     * source keeps its {@code width} best (beam, token) extensions by total log-probability (ties: lower beam,
     * lower token). For each source, in the order they were added, what searching it alone gives.
     */
    public Decoded[] beamAll(int start, int end, int width, int maxLength) {
        if (width < 1 || width > maxWidth) throw new IllegalArgumentException("beam width " + width + " not in [1, " + maxWidth + "]");
        int n = encodeSources(width), hn = layout.hiddenSize(), k = layout.decoder.outputSize;
        // rows [0, rows): the live beams, those of one source together and best first
        int rows = n;
        int[][] seq = new int[maxWidth][], nextSeq = new int[maxWidth][];
        /*float64*/ double[] score = new /*float64*/ double[maxWidth], nextScore = new /*float64*/ double[maxWidth];
        int[] owner = new int[maxWidth], nextOwner = new int[maxWidth], last = new int[maxWidth];
        for (int i = 0; i < n; i++) {
            seq[i] = new int[0];
            owner[i] = i;
            last[i] = start;
        }
        Decoded[] best = new Decoded[n];
        int[] pickBeam = new int[width], pickToken = new int[width];
        /*float64*/ double[] pickScore = new /*float64*/ double[width];
        for (int t = 0; t < maxLength && rows > 0; t++) {
            advance(last, owner, rows);
            int next = 0;
            for (int from = 0, to; from < rows; from = to) {
                int i = owner[from];
                to = from;
                while (to < rows && owner[to] == i) to++;
                // the width best (beam, token) extensions of source i
                int cap = Math.min(width, (to - from) * k), picked = 0;
                Arrays.fill(pickScore, Double.NEGATIVE_INFINITY);
                for (int b = from; b < to; b++) {
                    logSoftmax(b);
                    for (int y = 0; y < k; y++) {
                        double sc = score[b] + probs[y];
                        if (picked == cap && !(sc > pickScore[cap - 1])) continue;
                        int at = Math.min(picked, cap - 1);
                        while (at > 0 && pickScore[at - 1] < sc) {
                            pickScore[at] = pickScore[at - 1];
                            pickBeam[at] = pickBeam[at - 1];
                            pickToken[at] = pickToken[at - 1];
                            at--;
                        }
                        pickScore[at] = sc;
                        pickBeam[at] = b;
                        pickToken[at] = y;
                        if (picked < cap) picked++;
                    }
                }
                // finished candidates leave the beam; the others carry their states to the next step
                int first = next;
                for (int p = 0; p < picked; p++) {
                    int b = pickBeam[p];
                    if (pickToken[p] == end) {
                        if (best[i] == null || pickScore[p] > best[i].logProbability()) best[i] = new Decoded(seq[b], pickScore[p], true);
                        continue;
                    }
                    nextSeq[next] = Arrays.copyOf(seq[b], t + 1);
                    nextSeq[next][t] = pickToken[p];
                    nextScore[next] = pickScore[p];
                    nextOwner[next] = i;
                    last[next] = pickToken[p];
                    System.arraycopy(hNext, b * hn, h, next * hn, hn);
                    next++;
                }
                // scores only fall: an unfinished sequence below the best finished one can never overtake it
                if (best[i] != null && (next == first || nextScore[first] <= best[i].logProbability())) next = first;
            }
            int[][] sq = seq;
            seq = nextSeq;
            nextSeq = sq;
            /*float64*/ double[] sc = score;
            score = nextScore;
            nextScore = sc;
            int[] ow = owner;
            owner = nextOwner;
            nextOwner = ow;
            rows = next;
        }
        // a source still searching at the length limit: its best beam competes with its score so far
        for (int r = 0; r < rows; r++) {
            int i = owner[r];
            if (r > 0 && owner[r - 1] == i) continue;
            if (best[i] == null || score[r] > best[i].logProbability()) best[i] = new Decoded(seq[r], score[r], false);
        }
        return best;
    }

    /**
     * Sampling (one-to-many generation): feeds {@code <s>} and the prime, then draws each next token from
     * softmax(o_t / temperature), among the top k when k > 0, until {@code </s>} or maxLength tokens
     * (the prime included). The same seed gives the same sequence.
     */
    @Override
    public Decoded sample(int start, int end, int[] prime, int maxLength, double temperature, int topK, long seed) {
        requireOneSource();
        return sampleAll(start, end, java.util.List.of(prime), maxLength, temperature, topK, new long[] {seed})[0];
    }

    /**
     * {@link #sample} of every source in {@link #source()}, each with its prime and seed, all advancing together:
     * each step one batch of the sequences still sampling. For each source, in the order they were added, what
     * sampling it alone gives.
     */
    @Override
    public Decoded[] sampleAll(int start, int end, java.util.List<int[]> primes, int maxLength, double temperature,
                               int topK, long[] seeds) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive: " + temperature);
        int n = encodeSources(1), hn = layout.hiddenSize();
        if (primes.size() != n || seeds.length != n) {
            throw new IllegalArgumentException(n + " sources need as many primes and seeds: " + primes.size() + ", " + seeds.length);
        }
        SplittableRandom[] rng = new SplittableRandom[n];
        int[][] out = new int[n][];
        int[] item = new int[n], last = new int[n];
        /*float64*/ double[] logp = new /*float64*/ double[n];
        Decoded[] results = new Decoded[n];
        int alive = 0;
        for (int i = 0; i < n; i++) {
            rng[i] = new SplittableRandom(seeds[i]);
            out[i] = Arrays.copyOf(primes.get(i), Math.max(maxLength, primes.get(i).length));
            if (out[i].length == 0) {
                results[i] = new Decoded(out[i], 0, false);
                continue;
            }
            if (alive != i) System.arraycopy(h, i * hn, h, alive * hn, hn);   // source i's state moves up to row alive
            item[alive] = i;
            last[alive++] = start;
        }
        for (int t = 0; alive > 0; t++) {
            advance(last, item, alive);
            int kept = 0;
            for (int r = 0; r < alive; r++) {
                int i = item[r];
                logSoftmax(r);
                int next = t < primes.get(i).length ? primes.get(i)[t] : -1;
                if (next < 0) {
                    for (int y = 0; y < probs.length; y++) weights[y] = Math.exp(probs[y]);
                    next = Sampler.draw(weights, order, temperature, topK, rng[i]);
                }
                logp[i] += probs[next];
                if (next == end) {
                    results[i] = new Decoded(Arrays.copyOf(out[i], t), logp[i], true);
                    continue;
                }
                out[i][t] = next;
                if (t + 1 == out[i].length) {
                    results[i] = new Decoded(out[i], logp[i], false);
                    continue;
                }
                // the sequence goes on: to row kept (<= r), with its state
                System.arraycopy(hNext, r * hn, h, kept * hn, hn);
                item[kept] = i;
                last[kept++] = next;
            }
            alive = kept;
        }
        return results;
    }

    private void requireOneSource() {
        if (source.size() != 1) throw new IllegalStateException("fill source() with exactly one sequence, has " + source.size());
    }

    /**
     * Encodes the sources of {@link #source()} for {@code width} beams each: h row i = c_i of the i-th source
     * added, and {@code fedSources} row i = C c_i when the context is fed. Returns the number of sources.
     */
    private int encodeSources(int width) {
        int n = source.size();
        if (n < 1 || n * width > maxWidth) {
            throw new IllegalStateException("fill source() with 1 to " + maxWidth / width + " sequences, has " + n);
        }
        source.pack();
        if (source.maxLength() > scratch.maxSourceLength() || n > scratch.maxBatch()) {
            scratch = new EncoderDecoderKernel.Scratch(layout, Math.max(n, scratch.maxBatch()),
                    Math.max(source.maxLength(), scratch.maxSourceLength()), 1);
        }
        kernel.encode(theta, source, h, layout.feedContext ? fedSources : null, scratch);
        exchange.stepInput = layout.feedContext ? stepInput : null;
        exchange.logitsOut = logits;
        return n;
    }

    /**
     * One decoder step for rows [0, n), row b reading token {@code y[b]} with the fed context of source
     * {@code from[b]} (C c of that source, when the context is fed): states h -> hNext, logits o_t.
     */
    private void advance(int[] y, int[] from, int n) {
        step.clear();
        int hn = layout.hiddenSize();
        for (int b = 0; b < n; b++) {
            step.setToken(step.addSequence(1), 0, y[b]);
            if (layout.feedContext) System.arraycopy(fedSources, from[b] * hn, stepInput, b * hn, hn);
        }
        step.pack();   // all of length 1: packed order is the order of addition
        System.arraycopy(h, 0, hNext, 0, n * layout.hiddenSize());
        kernel.decoder().run(theta, layout.decoderBase(), step, hNext, null, ws, null, exchange);
    }

    /** probs = log softmax(o) of beam b (log-sum-exp with the maximum taken out). */
    private void logSoftmax(int b) {
        int k = probs.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[b * k + i]);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.exp(logits[b * k + i] - max);
        double lse = max + Math.log(sum);
        for (int i = 0; i < k; i++) probs[i] = (double) (logits[b * k + i] - lse);
    }
}
