package dev.acs.compose;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates valid templates (seeded, thousands of cases) and checks that parsing never throws and that every result is
 * either valid or carries located errors. {@code -Dfuzz.seed=N -Dfuzz.cases=N} explore further.
 */
class FuzzTest {
    private static final String NOISE = ":{}[]-&*!|>'\"#$%\n \t,=~/\\<";
    private static final String[] VALUES = {"-1", "0", "1e400", "NaN", "-0.5", "99999999999", "", "~", "'x'", "[]", "{}",
            "true", "no", "65536", "/", "a:b:c:d"};
    private static final String[] SNIPPETS = {"*a", "&a ", "<<: *x\n", "${", "$$", "${X:?boom}", "aliyun.scale: x\n",
            "  - constraint:a==b\n", "!!binary AAAA", "? [a, b]\n: c\n", "---\n", "99999999999999999999", "\u0000", "\t",
            "aliyun.lb.port_1: tcp://s:1\n", "environment: [affinity:x]\n", "  labels: {aliyun.depends: web}\n"};

    @Test
    void mutatedTemplatesNeverThrow() {
        Random random = new Random(Long.getLong("fuzz.seed", 20261123L));
        List<String> seeds = new ArrayList<>();
        for (String name : Corpus.names()) {
            seeds.add(Corpus.text(name));
        }
        int valid = 0;
        int cases = Integer.getInteger("fuzz.cases", 5000);
        for (int i = 0; i < cases; i++) {
            String seed = seeds.get(random.nextInt(seeds.size()));
            String mutated = mutate(seed, random);
            Profile profile = Profile.values()[random.nextInt(Profile.values().length)];
            ParseResult r;
            try {
                r = Templates.parse(mutated, ParseOptions.builder().profile(profile).variable("X", "1").build());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + i + " threw on:\n" + mutated, e);
            }
            if (r.isValid()) {
                valid++;
                assertThat(r.application()).isNotNull();
            } else {
                assertThat(r.errors()).as("case %d:%n%s", i, mutated).isNotEmpty()
                        .allSatisfy(d -> assertThat(d.line()).as(d.toString()).isPositive());
            }
        }
        assertThat(valid).as("some mutations stay valid").isPositive().isLessThan(cases);
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
