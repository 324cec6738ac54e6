package dev.acs.cloud.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import dev.acs.core.model.BuildContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build context as the tar stream the engine's build endpoint takes: every regular file and directory below the
 * context that its {@code .dockerignore} does not exclude ({@link BuildContext#entries}), in path order, as POSIX
 * ustar entries (paths up to 255 bytes; mode, size and modification time kept).
 */
final class ContextTar {
    private static final int BLOCK = 512;

    private ContextTar() {
    }

    /** The context directory as tar bytes; {@code dockerfile} (relative to it) is sent even when ignored. */
    static byte[] of(Path context, String dockerfile) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path p : BuildContext.entries(context, dockerfile)) {
            String name = context.relativize(p).toString().replace('\\', '/');
            if (Files.isDirectory(p)) {
                entry(out, name + "/", 0, '5', 0755, Files.getLastModifiedTime(p).toMillis() / 1000);
            } else if (Files.isRegularFile(p)) {
                byte[] data = Files.readAllBytes(p);
                int mode = Files.isExecutable(p) ? 0755 : 0644;
                entry(out, name, data.length, '0', mode, Files.getLastModifiedTime(p).toMillis() / 1000);
                out.write(data);
                pad(out, data.length);
            }
        }
        out.write(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static void entry(OutputStream out, String name, long size, char type, int mode, long mtime)
            throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length <= 100) {
            System.arraycopy(path, 0, header, 0, path.length);
        } else {
            int split = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            byte[] prefix = name.substring(0, Math.max(split, 0)).getBytes(StandardCharsets.UTF_8);
            byte[] rest = name.substring(split + 1).getBytes(StandardCharsets.UTF_8);
            if (split <= 0 || prefix.length > 155 || rest.length > 100) {
                throw new IOException("path too long for a build context: " + name);
            }
            System.arraycopy(rest, 0, header, 0, rest.length);
            System.arraycopy(prefix, 0, header, 345, prefix.length);
        }
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, mtime);
        header[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        out.write(header);
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, Math.min(b.length, length - 1));
        header[offset + length - 1] = 0;
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }
}
