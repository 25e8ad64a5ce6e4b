import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates the float32 kernel from the float64 one at build time, so every loop of the kernel is written
 * once (in src/main/java) and the float32 classes never drift from it. Run by the build (generate-sources):
 *
 *   java src/build/Float32Sources.java SOURCE_ROOT OUTPUT_ROOT
 *
 * Each template below becomes the same class with suffix 32 in OUTPUT_ROOT by these rewrites, in order:
 *   class names        RnnKernel, Workspace, HeadLoss, BiRnnKernel, EncoderDecoderKernel, SequenceDecoder  ->  the
 *                      same with 32
 *   arrays             double[  ->  float[              (parameters, gradients, activations, batches), except an
 *                      array marked by the comment "float64" before it (scores and log-probabilities summed over
 *                      many steps stay in float64)
 *   casts              (double)  ->  (float)            (the template casts every store of a double scalar)
 *   element scalars    a double after the marker comment "element"  ->  float   (an elementwise loop's
 *                      scalar, so the loop stays in float32)
 *   batch inputs       features(), targetValues()  ->  features32(), targetValues32()
 *   element size       Double.BYTES  ->  Float.BYTES,  Double.MIN_NORMAL  ->  Float.MIN_NORMAL
 *   tanh               the kernel's tanhInPlace(...) calls  ->  FastTanh.inPlace(...)   (a vectorizable rational
 *                      approximation within a few float32 ulps; the exact one stays in the float64 kernel)
 * Other scalars stay double: losses, sums and the softmax's exp and log are computed in float64, stored in float32.
 * The templates are written so that these rewrites give valid Java: no double literal is passed where an
 * array element type is expected (Arrays.fill takes 0, BLAS takes double alpha and beta for both precisions).
 */
public final class Float32Sources {
    private static final String[] TEMPLATES = {"RnnKernel", "Workspace", "HeadLoss", "BiRnnKernel", "EncoderDecoderKernel",
            "SequenceDecoder"};

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0], "dev/sparkrnn/kernel");
        Path out = Path.of(args[1], "dev/sparkrnn/kernel");
        Files.createDirectories(out);
        Map<String, String> rewrites = new LinkedHashMap<>();
        for (String t : TEMPLATES) rewrites.put("\\b" + t + "\\b", t + "32");
        rewrites.put("/\\*float64\\*/ double\\[", "/*float64*/ DOUBLE_KEPT[");
        rewrites.put("\\bdouble\\[", "float[");
        rewrites.put("\\(double\\)", "(float)");
        rewrites.put("/\\*element\\*/ double", "float");
        rewrites.put("\\bfeatures\\(\\)", "features32()");
        rewrites.put("\\btargetValues\\(\\)", "targetValues32()");
        rewrites.put("Double\\.BYTES", "Float.BYTES");
        rewrites.put("Double\\.MIN_NORMAL", "Float.MIN_NORMAL");
        rewrites.put("(?<![\\w.])tanhInPlace\\((hs|a),", "FastTanh.inPlace($1,");
        rewrites.put("DOUBLE_KEPT\\[", "double[");
        for (String t : TEMPLATES) {
            String src = Files.readString(in.resolve(t + ".java"), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> r : rewrites.entrySet()) src = src.replaceAll(r.getKey(), r.getValue());
            src = src.replaceFirst("package dev.sparkrnn.kernel;", "// Generated at build time from " + t
                    + ".java by src/build/Float32Sources.java: the float32 twin of " + t + ". Do not edit.\n"
                    + "package dev.sparkrnn.kernel;");
            Path target = out.resolve(t + "32.java");
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(src)) {
                Files.writeString(target, src, StandardCharsets.UTF_8);
            }
        }
    }
}
