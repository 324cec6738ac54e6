package dev.acs.compose;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates valid templates (seeded, 20,000 cases) and checks that parsing never throws, never runs over a time budget
 * per case, and that every result is either valid or carries located errors. One case in ten is parsed from bytes with
 * a byte-level mutation. Prints the median and 99th-percentile time per case. {@code -Dfuzz.seed=N -Dfuzz.cases=N
 * -Dfuzz.budgetMillis=N} explore further.
 */
class FuzzTest {
    private static final String NOISE = ":{}[]-&*!|>'\"#$%\n \t,=~/\\<";
    private static final String[] VALUES = {"-1", "0", "1e400", "NaN", "-0.5", "99999999999", "", "~", "'x'", "[]", "{}",
            "true", "no", "65536", "/", "a:b:c:d"};
    private static final String[] SNIPPETS = {"*a", "&a ", "<<: *x\n", "${", "$$", "${X:?boom}", "aliyun.scale: x\n",
            "  - constraint:a==b\n", "!!binary AAAA", "? [a, b]\n: c\n", "---\n", "99999999999999999999", "\u0000", "\t",
            "aliyun.lb.port_1: tcp://s:1\n", "environment: [affinity:x]\n", "  labels: {aliyun.depends: web}\n",
            "\uD83D\uDE00", "\uD83D", "\uDE00", "\uFEFF", "\u0085", "\u2028", "\r", "\u0007", "- \"1-65535\"\n",
            "extends: web\n", "aliyun.scale: \"999999999\"\n", "${X}${X}${X}"};
    private static final byte[] BAD_BYTES = {(byte) 0xC3, (byte) 0xE9, (byte) 0xFF, (byte) 0xF0, (byte) 0x80, 0};

    @Test
    void mutatedTemplatesNeverThrow() throws Exception {
        Random random = new Random(Long.getLong("fuzz.seed", 20261123L));
        List<String> seeds = new ArrayList<>();
        for (String name : Corpus.names()) {
            seeds.add(Corpus.text(name));
        }
        int valid = 0;
        int cases = Integer.getInteger("fuzz.cases", 20_000);
        long budget = Long.getLong("fuzz.budgetMillis", 5_000);
        long[] nanos = new long[cases];
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < cases; i++) {
                String seed = seeds.get(random.nextInt(seeds.size()));
                String mutated = mutate(seed, random);
                byte[] bytes = random.nextInt(10) == 0 ? mutateBytes(mutated, random) : null;
                ParseOptions options = ParseOptions.builder()
                        .profile(Profile.values()[random.nextInt(Profile.values().length)]).variable("X", "1").build();
                long start = System.nanoTime();
                Future<ParseResult> run = worker.submit(() -> bytes == null ? Templates.parse(mutated, options)
                        : Templates.parse(bytes, options));
                ParseResult r;
                try {
                    r = run.get(budget, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    throw new AssertionError("case " + i + " ran over its budget of " + budget + " ms on:\n" + mutated);
                } catch (ExecutionException e) {
                    throw new AssertionError("case " + i + " threw on:\n" + mutated, e.getCause());
                }
                nanos[i] = System.nanoTime() - start;
                if (r.isValid()) {
                    valid++;
                    assertThat(r.application()).isNotNull();
                } else {
                    assertThat(r.errors()).as("case %d:%n%s", i, mutated).isNotEmpty()
                            .allSatisfy(d -> assertThat(d.line()).as(d.toString()).isPositive());
                }
                assertThat(r.withCode(DiagnosticCode.TPL_019)).as("case %d:%n%s", i, mutated).isEmpty();
            }
        } finally {
            worker.shutdownNow();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "FuzzTest: %d cases, %d valid, per case p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                cases, valid, nanos[cases / 2] / 1e6, nanos[(int) (cases * 0.99)] / 1e6, nanos[cases - 1] / 1e6);
        assertThat(valid).as("some mutations stay valid").isPositive().isLessThan(cases);
    }

    /** The UTF-8 bytes of a text with a few bytes replaced, inserted or cut. */
    private static byte[] mutateBytes(String text, Random random) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            return b;
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(3)) {
            case 0 -> b[at] = BAD_BYTES[random.nextInt(BAD_BYTES.length)];
            case 1 -> b = Arrays.copyOf(b, at);
            default -> {
                byte[] longer = new byte[b.length + 1];
                System.arraycopy(b, 0, longer, 0, at);
                longer[at] = BAD_BYTES[random.nextInt(BAD_BYTES.length)];
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                b = longer;
            }
        }
        return b;
    }

    private static String mutate(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(8)) {
                case 7 -> {
                    int digit = indexOfDigit(b, at);
                    if (digit >= 0) {
                        int end = digit;
                        while (end < b.length() && Character.isDigit(b.charAt(end))) {
                            end++;
                        }
                        b.replace(digit, end, VALUES[random.nextInt(VALUES.length)]);
                    }
                }
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> b.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
                case 3 -> {
                    int end = Math.min(b.length(), at + 1 + random.nextInt(40));
                    String piece = b.substring(at, end);
                    b.insert(random.nextInt(b.length()), piece);
                }
                case 4 -> b.setLength(at);
                case 5 -> b.insert(at, "  ");
                default -> {
                    int nl = b.indexOf("\n", at);
                    if (nl >= 0 && nl + 1 < b.length() && b.charAt(nl + 1) == ' ') {
                        b.deleteCharAt(nl + 1);
                    }
                }
            }
        }
        return b.toString();
    }

    private static int indexOfDigit(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
