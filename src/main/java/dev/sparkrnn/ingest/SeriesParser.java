package dev.sparkrnn.ingest;

import java.util.regex.Pattern;

/** Turns a line of a {@code .ts} or series CSV file into a {@link LabelledSeries}, or the problem that prevents it. */
final class SeriesParser {
    private SeriesParser() {
    }

    /** A line of a .ts file; null for header lines, comments and blank lines. */
    static Parsed<LabelledSeries> tsLine(SourceLine line, TsHeader h) {
        String s = line.text().strip();
        if (line.source().line() <= h.dataLine() || s.isEmpty() || s.startsWith("#")) return null;
        Problem p = line.encodingProblem();
        if (p != null) return Parsed.bad(p);
        Source src = line.source();
        String[] fields = s.split(":", -1);
        int c = h.channels();
        if (fields.length != c + 1) {
            return Parsed.bad(src, Defect.MALFORMED, "expected " + c + (c == 1 ? " channel" : " channels")
                    + " and a label separated by ':', found " + fields.length + " fields"
                    + (fields.length < c + 1 ? " (a cut row?)" : ""));
        }
        String label = fields[c].strip();
        if (label.isEmpty()) return Parsed.bad(src, Defect.MALFORMED, "empty label");
        if (!h.labels().isEmpty() && !h.labels().contains(label)) {
            return Parsed.bad(src, Defect.MALFORMED, "label '" + label + "' is not declared in @classLabel " + h.labels());
        }
        String[][] cells = new String[c][];
        for (int k = 0; k < c; k++) {
            cells[k] = fields[k].isBlank() ? new String[0] : fields[k].split(",", -1);
            if (cells[k].length != cells[0].length) {
                return Parsed.bad(src, Defect.MALFORMED, "channel " + (k + 1) + " has " + cells[k].length
                        + " values, channel 1 has " + cells[0].length);
            }
        }
        int length = cells[0].length;
        if (length == 0) return Parsed.bad(src, Defect.EMPTY, "series without values");
        double[] values = new double[length * c];
        for (int k = 0; k < c; k++) {
            for (int t = 0; t < length; t++) {
                Problem bad = number(src, cells[k][t], k, t, c > 1, values, t * c + k);
                if (bad != null) return Parsed.bad(bad);
            }
        }
        return Parsed.ok(new LabelledSeries(src, c, length, values, label));
    }

    /** A line {@code label,v1,v2,...} (or label last); null for a blank line or the header line. */
    static Parsed<LabelledSeries> csvLine(SourceLine line, SeriesSpec spec) {
        if (line.isBlank() || spec.header() && line.source().line() == 1) return null;
        Problem p = line.encodingProblem();
        if (p != null) return Parsed.bad(p);
        Source src = line.source();
        String[] cells = line.text().split(Pattern.quote(String.valueOf(spec.delimiter())), -1);
        String label = (spec.labelFirst() ? cells[0] : cells[cells.length - 1]).strip();
        int from = spec.labelFirst() ? 1 : 0;
        int to = spec.labelFirst() ? cells.length : cells.length - 1;
        if (cells.length < 2) {
            return Parsed.bad(src, Defect.MALFORMED, "expected a label and values separated by '" + spec.delimiter() + "'");
        }
        if (label.isEmpty()) return Parsed.bad(src, Defect.MALFORMED, "empty label");
        while (to > from && isPadding(cells[to - 1])) to--;
        if (to == from) return Parsed.bad(src, Defect.EMPTY, "series without values");
        double[] values = new double[to - from];
        for (int t = 0; t < values.length; t++) {
            Problem bad = number(src, cells[from + t], 0, t, false, values, t);
            if (bad != null) return Parsed.bad(bad);
        }
        return Parsed.ok(new LabelledSeries(src, 1, values.length, values, label));
    }

    /** Parses one value into {@code out[at]}; the problem when it is missing or not a finite number. */
    private static Problem number(Source src, String cell, int channel, int step, boolean sayChannel, double[] out, int at) {
        String v = cell.strip();
        String where = (sayChannel ? "channel " + (channel + 1) + ", " : "") + "step " + (step + 1);
        if (v.isEmpty() || v.equals("?") || v.equalsIgnoreCase("nan")) {
            return new Problem(src, Defect.MISSING_VALUE, "missing value '" + v + "' at " + where);
        }
        double d = Decimal.parse(v);
        if (!Double.isNaN(d)) {
            out[at] = d;
            return null;
        }
        return new Problem(src, Defect.MALFORMED, "not a number '" + SentenceParser.abbreviate(v) + "' at " + where);
    }

    private static boolean isPadding(String cell) {
        String v = cell.strip();
        return v.isEmpty() || v.equalsIgnoreCase("nan");
    }
}
