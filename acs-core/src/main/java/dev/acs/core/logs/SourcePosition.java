package dev.acs.core.logs;

/**
 * How far the {@link LogCollector} got in one source: the sequence of the last line it took (0 before any; see
 * {@link LogBatch}) and where to read on, a {@link LogPosition} in a container's standard output or a byte offset in
 * one file (its identity, see {@link dev.acs.core.spi.FileChunk#identity()}) of one incarnation of the container (its
 * runtime id: a recreated container has a new file).
 *
 * @param sequence  the sequence of the last line taken
 * @param stdout    the position in the standard output, {@code null} for a file
 * @param runtimeId the container incarnation the offset is in ({@code null} before any file read)
 * @param file      the identity of the file the offset is in ({@code null} before any file read)
 * @param offset    the bytes of the file taken
 */
record SourcePosition(long sequence, LogPosition stdout, String runtimeId, String file, long offset) {
    static final SourcePosition STDOUT = new SourcePosition(0, LogPosition.START, null, null, 0);
    static final SourcePosition FILE = new SourcePosition(0, null, null, null, 0);

    /**
     * The stored form: {@code <sequence> <ISO instant> <count>}, or
     * {@code <sequence> file <runtime id> <file identity> <offset>}.
     */
    String encode() {
        return stdout != null ? sequence + " " + stdout.encode()
                : sequence + " file " + runtimeId + " " + file + " " + offset;
    }

    /** The position of {@link #encode()}'s text; also reads the older {@code <ISO instant> <count>} form. */
    static SourcePosition decode(String text) {
        String[] parts = text.split(" ");
        if (parts.length == 2) {
            return new SourcePosition(0, LogPosition.decode(text), null, null, 0);
        }
        long sequence = Long.parseLong(parts[0]);
        if (parts[1].equals("file")) {
            return new SourcePosition(sequence, null, parts[2], parts[3], Long.parseLong(parts[4]));
        }
        return new SourcePosition(sequence, LogPosition.decode(parts[1] + " " + parts[2]), null, null, 0);
    }
}
