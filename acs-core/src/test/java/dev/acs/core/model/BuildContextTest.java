package dev.acs.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuildContextTest {

    @ParameterizedTest(name = "{0} excludes {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "*.log        | a.log            | true",
            "*.log        | dir/a.log        | false",
            "**/*.log     | dir/sub/a.log    | true",
            "**/*.log     | a.log            | true",
            "logs         | logs/x/y.txt     | true",
            "/logs/       | logs/today       | true",
            "./build      | build/out.jar    | true",
            "docs/?.md    | docs/a.md        | true",
            "docs/?.md    | docs/ab.md       | false",
            "[ab].txt     | b.txt            | true",
            "[!ab].txt    | c.txt            | true",
            "[!ab].txt    | a.txt            | false",
            "src/**/tmp   | src/tmp          | true",
            "src/**/tmp   | src/a/b/tmp/x    | true",
            "node_modules | src/node_modules | false",
    })
    void patternsFollowDockersRules(String pattern, String path, boolean excluded) {
        assertThat(BuildContext.parse(List.of(pattern)).excludes(path)).isEqualTo(excluded);
    }

    @Test
    void theLastMatchingRuleDecidesAndCommentsAreSkipped() {
        BuildContext rules = BuildContext.parse(List.of("# comment", "", "docs", "!docs/keep.md", "docs/keep.md.bak"));
        assertThat(rules.excludes("docs/a.md")).isTrue();
        assertThat(rules.excludes("docs/keep.md")).isFalse();
        assertThat(rules.excludes("docs/keep.md.bak")).isTrue();
        assertThat(rules.excludes("# comment")).isFalse();
    }

    @Test
    void entriesLeaveOutWhatIsIgnoredButAlwaysSendTheDockerfile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("build/out.jar"), "x");
        Files.writeString(dir.resolve("app.txt"), "x");
        Files.writeString(dir.resolve("ci.Dockerfile"), "FROM scratch");
        Files.writeString(dir.resolve(".dockerignore"), "build\n*.Dockerfile\n.dockerignore\n");
        assertThat(BuildContext.entries(dir, "ci.Dockerfile")).extracting(p -> dir.relativize(p).toString())
                .containsExactly(".dockerignore", "app.txt", "ci.Dockerfile");
        Files.delete(dir.resolve(".dockerignore"));
        assertThat(BuildContext.entries(dir, "ci.Dockerfile")).hasSize(4);
    }
}
