package dev.sparkrnn.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files an input path names, in a fixed order. The path is any Hadoop path: a file, a directory (its
 * files, not its subdirectories), or a glob ({@code data/*.txt}; matched directories are listed the same
 * way). Names starting with "_" or "." are left out, as Hadoop and Spark do (_SUCCESS, .crc). The files are
 * sorted by path, and a file's position in this list is its file index in record ids.
 */
public final class InputFiles {
    private InputFiles() {
    }

    public static List<Path> list(Configuration conf, String pattern) {
        if (pattern == null || pattern.isBlank()) throw new BadInputException("no input path given");
        Path p = new Path(pattern);
        List<Path> files = new ArrayList<>();
        try {
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches != null) {
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        for (FileStatus f : fs.listStatus(m.getPath())) {
                            if (f.isFile() && visible(f.getPath())) files.add(f.getPath());
                        }
                    } else if (visible(m.getPath())) {
                        files.add(m.getPath());
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + pattern + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new BadInputException("no input files match " + pattern);
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    static boolean visible(Path p) {
        String n = p.getName();
        return !n.startsWith("_") && !n.startsWith(".");
    }
}
