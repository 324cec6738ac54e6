package dev.acs.compose;

import dev.acs.core.model.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every corpus template parses as it declares, and writes back to an equal application. */
class CorpusTest {

    static List<String> names() {
        return Corpus.names();
    }

    @Test
    void corpusHasAtLeastFortyTemplates() {
        assertThat(names()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest
    @MethodSource("names")
    void parsesAsDeclared(String name) {
        String text = Corpus.text(name);
        ParseResult r = Templates.parse(text, Corpus.options(text));
        assertThat(r.format()).isNotNull();
        if (Corpus.negative(text)) {
            assertThat(r.isValid()).isFalse();
            assertThat(r.errors()).allSatisfy(d -> assertThat(d.line()).isPositive());
        } else {
            assertThat(r.errors()).as(name).isEmpty();
            assertThat(r.application().services()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void roundTrips(String name) {
        String text = Corpus.text(name);
        ParseOptions options = Corpus.options(text).toBuilder().profile(Profile.COMPOSE_SPEC).build();
        ParseResult first = Templates.parse(text, options);
        if (!first.isValid()) {
            assertThat(Corpus.negative(text)).as(name + " " + first.errors()).isTrue();
            return;
        }
        AppSpec app = first.application();
        String written = Templates.write(app);
        ParseResult again = Templates.parse(written, options);
        assertThat(again.errors()).as(written).isEmpty();
        assertThat(again.application()).as(written).isEqualTo(app);
        assertThat(Templates.write(again.application())).isEqualTo(written);
    }
}
