package dev.acs.scheduler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpressionTest {

    @Test
    void plainValuesCompareLiterally() {
        Expression e = Expression.compile("web-1");
        assertThat(e.isLiteral()).isTrue();
        assertThat(e.matches("web-1")).isTrue();
        assertThat(e.matches("web-10")).isFalse();
        assertThat(e.matches("xweb-1")).isFalse();
    }

    @Test
    void globsAreAnchoredAndKeepRegexCharactersAsSwarmDoes() {
        Expression glob = Expression.compile("ub*t*");
        assertThat(glob.matches("ubuntu")).isTrue();
        assertThat(glob.matches("kubuntu")).isFalse();
        // classic Swarm turns the value into a regular expression, so '.' matches any character
        Expression dotted = Expression.compile("redis:3.2");
        assertThat(dotted.matches("redis:3.2")).isTrue();
        assertThat(dotted.matches("redis:3x2")).isTrue();
        assertThat(dotted.matches("redis:3.20")).isFalse();
    }

    @Test
    void valueSetsAreAlternations() {
        Expression set = Expression.compile("(1|2|3)");
        assertThat(set.matches("2")).isTrue();
        assertThat(set.matches("12")).isFalse();
        assertThat(set.matches("")).isFalse();
    }

    @Test
    void slashesMakeAnUnanchoredRegularExpression() {
        Expression re = Expression.compile("/eb[0-9]/");
        assertThat(re.isLiteral()).isFalse();
        assertThat(re.matches("web1-east")).isTrue();
        assertThat(re.matches("web")).isFalse();
        assertThat(Expression.compile("/").matches("/")).isTrue();
    }

    @Test
    void invalidPatternsExplainThemselvesAndMatchNothing() {
        Expression bad = Expression.compile("(1|2");
        assertThat(bad.error()).startsWith("'(1|2' is not a valid expression").contains("(1|2|3)");
        assertThat(bad.matches("1")).isFalse();
        assertThat(Expression.compile("web").error()).isNull();
    }
}
