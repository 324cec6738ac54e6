package dev.acs.benchmarks.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import dev.acs.testing.fixtures.TemplateFixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse + validate throughput of the whole template corpus of acs-testing ({@link TemplateFixtures}, 45 realistic
 * templates), against the bare YAML load of the same texts: SnakeYAML loading into Java maps and lists, and Jackson
 * reading a YAML tree. Target ({@code DESIGN.md}): {@link #parseAndValidate} costs at most twice {@link #snakeYamlLoad}.
 * Each operation handles the whole corpus once.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main TemplateParseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TemplateParseBenchmark {
    private final List<String> texts = new ArrayList<>();
    private final List<ParseOptions> options = new ArrayList<>();
    private final ObjectMapper jackson = new ObjectMapper(new YAMLFactory());

    /** Loads the corpus. */
    @Setup
    public void load() {
        for (String name : TemplateFixtures.names()) {
            String text = TemplateFixtures.read(name);
            texts.add(text);
            options.add(ParseOptions.builder().profile(Profile.parse(TemplateFixtures.profile(text))).build());
        }
    }

    /** The dialect: safe load, interpolation, format detection, typed mapping, validation, model. */
    @Benchmark
    public void parseAndValidate(Blackhole bh) {
        for (int i = 0; i < texts.size(); i++) {
            ParseResult r = Templates.parse(texts.get(i), options.get(i));
            bh.consume(r);
        }
    }

    /** The bare SnakeYAML load into maps and lists. */
    @Benchmark
    public void snakeYamlLoad(Blackhole bh) {
        for (String t : texts) {
            bh.consume(new Yaml(new LoaderOptions()).load(t));
        }
    }

    /** The bare Jackson YAML tree read. */
    @Benchmark
    public void jacksonYamlTree(Blackhole bh) {
        try {
            for (String t : texts) {
                bh.consume(jackson.readTree(t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
