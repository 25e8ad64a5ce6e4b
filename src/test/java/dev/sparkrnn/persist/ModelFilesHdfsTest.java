package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Model files on a real HDFS (the shared in-process MiniDFSCluster), where FileSystem.rename of a directory onto
 * an existing one would move it inside: the model is written, refused, replaced and read through its hdfs:// URI.
 */
@ExtendWith(MiniHdfs.Resolver.class)
class ModelFilesHdfsTest {
    @Test
    void writeRefuseReplaceAndReadOnHdfs(MiniHdfs hdfs) throws IOException {
        Configuration conf = new Configuration();   // a fresh configuration, as a job would have
        String dir = hdfs.root + "/models/shakespeare";
        SavedModel first = ModelFilesTest.charModel("to be or not", 6, 1);
        SavedModel second = ModelFilesTest.charModel("that is the question", 8, 2);

        Path written = ModelFiles.write(conf, dir, first, false);
        assertTrue(written.toString().startsWith("hdfs://"), written.toString());
        assertEquals(first, ModelFiles.read(conf, dir));
        assertThrows(FileAlreadyExistsException.class, () -> ModelFiles.write(conf, dir, second, false));
        assertEquals(first, ModelFiles.read(conf, dir));

        ModelFiles.write(conf, dir, second, true);
        assertEquals(second, ModelFiles.read(conf, dir));
        assertEquals(List.of("shakespeare"), names(hdfs, new Path(hdfs.root + "/models")), "nothing left aside");
        assertEquals(List.of("_SUCCESS", "metadata.json", "parameters.bin"), names(hdfs, written));

        // HDFS files cannot be changed in place: replace the parameters by a corrupt copy.
        byte[] bytes = new byte[8 * second.params().length];
        try (var in = hdfs.fs.open(new Path(written, "parameters.bin"))) {
            in.readFully(bytes);
        }
        bytes[17] ^= 0x01;
        try (FSDataOutputStream out = hdfs.fs.create(new Path(written, "parameters.bin"), true)) {
            out.write(bytes);
        }
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir));
        assertTrue(e.getMessage().startsWith("checksum mismatch: ") && e.getMessage().contains(dir + "/parameters.bin"),
                e.getMessage());
    }

    static List<String> names(MiniHdfs hdfs, Path dir) throws IOException {
        return Arrays.stream(hdfs.fs.listStatus(dir)).map(s -> s.getPath().getName()).sorted().toList();
    }
}
