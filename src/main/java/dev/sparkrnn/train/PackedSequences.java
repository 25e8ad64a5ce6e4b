package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.PackedSequence;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;

/**
 * Training data as {@link DistributedTrainer#prepare} keeps it: each sequence packed ({@link PackedSequence},
 * about a byte a character) in memory and on disk, read as unpacked sequences. A training update reads the
 * packed form and unpacks only the sequences its slice selects (the id is read from the packed bytes), so a
 * mini-batch update does not unpack the whole partition. {@link #unpersist} releases the packed data.
 */
public final class PackedSequences extends JavaRDD<EncodedSequence> {
    private static final long serialVersionUID = 1L;
    private final JavaRDD<byte[]> packed;

    PackedSequences(JavaRDD<byte[]> packed) {
        super(packed.map(PackedSequence::unpack).rdd(), scala.reflect.ClassTag$.MODULE$.apply(EncodedSequence.class));
        this.packed = packed;
    }

    /** The kept, packed sequences. */
    JavaRDD<byte[]> packed() {
        return packed;
    }

    @Override
    public JavaRDD<EncodedSequence> unpersist() {
        packed.unpersist();
        return this;
    }

    @Override
    public JavaRDD<EncodedSequence> unpersist(boolean blocking) {
        packed.unpersist(blocking);
        return this;
    }

    /**
     * The sequences of {@code it} that update {@code iteration} selects (every sequence when it is negative, as
     * for evaluation), unpacked as they are read.
     */
    static Iterator<EncodedSequence> selected(Iterator<byte[]> it, Selection selection, long iteration) {
        return new Iterator<>() {
            private byte[] next = advance();

            private byte[] advance() {
                while (it.hasNext()) {
                    byte[] b = it.next();
                    if (iteration < 0 || selection.selected(iteration, PackedSequence.id(b))) return b;
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public EncodedSequence next() {
                if (next == null) throw new NoSuchElementException();
                EncodedSequence s = PackedSequence.unpack(next);
                next = advance();
                return s;
            }
        };
    }
}
