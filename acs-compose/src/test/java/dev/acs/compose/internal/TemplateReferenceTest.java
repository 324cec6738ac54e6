package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/templates.md} holds what {@link TemplateReference} generates from the parser now. To regenerate after
 * changing the parser: {@code ./mvnw -o -q -pl acs-compose -am test -Dtest=TemplateReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dacs.docs.update=true}.
 */
class TemplateReferenceTest {
    private static final String REGENERATE = "docs/templates.md is out of date with the parser: regenerate it with"
            + " ./mvnw -o -q -pl acs-compose -am test -Dtest=TemplateReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dacs.docs.update=true and commit the result";

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("no docs/ directory above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    @Test
    void generatedSectionIsCurrent() throws IOException {
        Path root = repositoryRoot();
        Path doc = root.resolve("docs/templates.md");
        String generated = TemplateReference.generate(root.resolve(
                "acs-compose/src/main/java/dev/acs/compose/ParseOptions.java"));
        String text = Files.readString(doc);
        if (Boolean.getBoolean("acs.docs.update")) {
            Files.writeString(doc, TemplateReference.splice(text, generated));
            text = Files.readString(doc);
        }
        assertThat(TemplateReference.extract(text)).as(REGENERATE).isEqualTo(generated);
    }

    @Test
    void everyKeyAndLabelTheParserKnowsHasASample() {
        assertThat(TemplateReference.unsampled())
                .as("keys or labels without a sample: add one to TemplateReference's KEYS or LABELS, then regenerate")
                .isEmpty();
        assertThat(TemplateReference.KEYS.keySet()).as("samples of keys the parser does not know")
                .allMatch(k -> ServiceReader.TYPED.contains(k) || ServiceReader.PASS_THROUGH.contains(k));
    }

    @Test
    void everyLabelSampleIsAKnownLabel() {
        TemplateReference.LABELS.forEach((name, sample) -> {
            String yaml = "version: '2'\n" + (sample.top() == null ? "" : sample.top()) + "services:\n  web:\n"
                    + "    image: nginx:1.25\n" + sample.service().lines().map(l -> "    " + l + "\n")
                    .collect(java.util.stream.Collectors.joining());
            assertThat(Templates.parse(yaml, ParseOptions.builder().profile(Profile.CLASSIC).build())
                    .withCode(DiagnosticCode.LBL_022)).as(name).isEmpty();
        });
    }
}
