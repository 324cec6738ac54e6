package dev.acs.core.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of {@link java.util.Properties} lines ({@code key=value}, one a line), escaped as
 * {@link java.util.Properties#load(java.io.Reader)} reads them back, written straight into one byte array: no string
 * is made for a line or for the whole text.
 *
 * <p>The escapes: {@code \} {@code =} {@code :} {@code #} {@code !} take a backslash; tab, newline, carriage return
 * and form feed are written {@code \t} {@code \n} {@code \r} {@code \f}; other characters below U+0020 as
 * {@code \}{@code u00xx}; a space takes a backslash everywhere in a key and at the start of a value. Every other
 * character is written as it is (non-ASCII text stays readable), encoded as UTF-8 the way
 * {@link String#getBytes(java.nio.charset.Charset)} encodes it (an unpaired surrogate becomes {@code ?}).
 *
 * <p>Lines are written either whole ({@link #line}) or under a <em>current key</em> built part by part
 * ({@link #appendKey}, cut back with {@link #cutKey}) and kept escaped, so that the many lines under one prefix do not
 * escape the prefix again ({@link #value(String)}, {@link #value(long)}).
 *
 * <p>One text is {@linkplain #open() opened}, written and {@linkplain #finish() finished}. Its arrays are reused by
 * the next text opened on the same thread (when the text took at most {@value #KEPT_BYTES} bytes), so encoding an
 * entity allocates little more than its result.
 */
final class PropertiesText {
    /** The largest text whose array is kept for the thread's next text. */
    static final int KEPT_BYTES = 64 << 10;
    /** Characters escaped per check of the room left. */
    private static final int CHUNK = 1024;
    /** The thread's last finished text, whose arrays the next one reuses; {@code null} while one is written. */
    private static final ThreadLocal<PropertiesText> SPARE = new ThreadLocal<>();

    private final Bytes text = new Bytes(4 << 10);
    private final Bytes key = new Bytes(256);

    private PropertiesText() {
    }

    /** An empty text with an empty current key, in the arrays the thread's last text left when it has them. */
    static PropertiesText open() {
        PropertiesText spare = SPARE.get();
        if (spare == null) {
            return new PropertiesText();
        }
        SPARE.set(null); // a text opened meanwhile on this thread (none is expected) takes arrays of its own
        spare.text.size = 0;
        spare.key.size = 0;
        return spare;
    }

    /** Appends {@code key=value} and a newline, both escaped (the current key is not used). */
    void line(String key, String value) {
        escape(text, key, true);
        text.put('=');
        escape(text, value, false);
        text.put('\n');
    }

    /** Appends the current key, {@code =}, {@code value} escaped and a newline. */
    void value(String value) {
        text.append(key.bytes, key.size);
        text.put('=');
        escape(text, value, false);
        text.put('\n');
    }

    /** Appends the current key, {@code =}, the decimal digits of {@code value} and a newline. */
    void value(long value) {
        text.append(key.bytes, key.size);
        text.put('=');
        text.digits(value);
        text.put('\n');
    }

    /** The length of the current key (in bytes): a mark for {@link #cutKey}. */
    int keyLength() {
        return key.size;
    }

    /** Appends {@code part}, escaped, to the current key. */
    void appendKey(String part) {
        escape(key, part, true);
    }

    /** Appends one character, escaped, to the current key. */
    void appendKey(char c) {
        if (c < 0x80 && Escape.ASCII[c] == Escape.PLAIN) {
            key.put(c);
        } else {
            escape(key, String.valueOf(c), true);
        }
    }

    /** Appends the decimal digits of {@code n} to the current key. */
    void appendKey(long n) {
        key.digits(n);
    }

    /** Cuts the current key back to {@code length} bytes. */
    void cutKey(int length) {
        key.size = length;
    }

    /** Whether the current key is {@code ascii} (a key that needs no escape). */
    boolean keyIs(String ascii) {
        if (key.size != ascii.length()) {
            return false;
        }
        for (int i = 0; i < key.size; i++) {
            if (key.bytes[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends bytes written before by {@link #copy}. */
    void append(byte[] written) {
        text.append(written, written.length);
    }

    /** The number of bytes written so far. */
    int size() {
        return text.size;
    }

    /** A copy of the bytes written from {@code from} on. */
    byte[] copy(int from) {
        return Arrays.copyOfRange(text.bytes, from, text.size);
    }

    /** The text's bytes; the instance must not be used afterwards. */
    byte[] finish() {
        byte[] out = Arrays.copyOf(text.bytes, text.size);
        if (text.bytes.length <= KEPT_BYTES && key.bytes.length <= KEPT_BYTES) {
            SPARE.set(this);
        }
        return out;
    }

    /**
     * Appends {@code s} escaped to {@code out}: as a key ({@code key}: every space escaped) or as a value (a leading
     * space escaped). Room is made a chunk of characters at a time, so a long text does not take six times its length
     * at once.
     */
    private static void escape(Bytes out, String s, boolean key) {
        int n = s.length();
        int from = 0;
        while (from < n) {
            int to = Math.min(n, from + CHUNK);
            if (to < n && Character.isHighSurrogate(s.charAt(to - 1))) {
                to--; // the pair goes whole into the next chunk
            }
            out.room(Escape.MAX_BYTES_PER_CHAR * (to - from));
            out.size = Escape.escape(s, from, to, key, out.bytes, out.size);
            from = to;
        }
    }

    /** A growable byte array. */
    private static final class Bytes {
        byte[] bytes;
        int size;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void put(char ascii) {
            room(1);
            bytes[size++] = (byte) ascii;
        }

        void append(byte[] b, int length) {
            room(length);
            System.arraycopy(b, 0, bytes, size, length);
            size += length;
        }

        /** Appends the decimal digits of {@code n}, as {@link Long#toString(long)} writes them. */
        void digits(long n) {
            if (n < 0) {
                if (n == Long.MIN_VALUE) {
                    append(Long.toString(n).getBytes(StandardCharsets.US_ASCII), 20);
                    return;
                }
                put('-');
                n = -n;
            }
            int length = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                length++;
            }
            room(length);
            for (int p = size + length - 1; p >= size; p--) {
                bytes[p] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += length;
        }
    }

    /** The escaping of characters, by a table for ASCII. */
    private static final class Escape {
        /** The most bytes one character becomes ({@code \}{@code u00xx}). */
        static final int MAX_BYTES_PER_CHAR = 6;
        /** What an ASCII character becomes: {@link #PLAIN}, {@link #SPACE}, {@link #CONTROL} or its escape letter. */
        private static final byte[] ASCII = new byte[128];
        private static final byte PLAIN = 0;
        private static final byte SPACE = 1;
        private static final byte CONTROL = 2;
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        static {
            for (int c = 0; c < ' '; c++) {
                ASCII[c] = CONTROL;
            }
            ASCII[' '] = SPACE;
            ASCII['\t'] = 't';
            ASCII['\n'] = 'n';
            ASCII['\r'] = 'r';
            ASCII['\f'] = 'f';
            for (char c : new char[] {'\\', '=', ':', '#', '!'}) {
                ASCII[c] = (byte) c;
            }
        }

        private Escape() {
        }

        /**
         * Writes the characters {@code [from, to)} of {@code s} escaped into {@code b} from {@code p}, which has room
         * for them; returns the end.
         */
        static int escape(String s, int from, int to, boolean key, byte[] b, int p) {
            for (int i = from; i < to; i++) {
                char ch = s.charAt(i);
                if (ch < 0x80) {
                    byte kind = ASCII[ch];
                    if (kind == PLAIN) {
                        b[p++] = (byte) ch;
                    } else if (kind == SPACE) {
                        if (key || i == 0) {
                            b[p++] = '\\';
                        }
                        b[p++] = ' ';
                    } else if (kind == CONTROL) {
                        b[p++] = '\\';
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[ch >> 4];
                        b[p++] = HEX[ch & 0xf];
                    } else {
                        b[p++] = '\\';
                        b[p++] = kind;
                    }
                } else if (ch < 0x800) {
                    b[p++] = (byte) (0xc0 | ch >> 6);
                    b[p++] = (byte) (0x80 | ch & 0x3f);
                } else if (!Character.isSurrogate(ch)) {
                    b[p++] = (byte) (0xe0 | ch >> 12);
                    b[p++] = (byte) (0x80 | ch >> 6 & 0x3f);
                    b[p++] = (byte) (0x80 | ch & 0x3f);
                } else if (Character.isHighSurrogate(ch) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, s.charAt(++i));
                    b[p++] = (byte) (0xf0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    b[p++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    b[p++] = '?';
                }
            }
            return p;
        }
    }
}
