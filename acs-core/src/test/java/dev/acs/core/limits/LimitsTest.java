package dev.acs.core.limits;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every limit of spec/lifecycle.md §26 at its boundary and just past it, with the defaults and overrides. */
class LimitsTest {
    private final Limits limits = Limits.defaults();

    private static void refused(ErrorCode code, Runnable call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void defaultsAreTheProductsNumbers() {
        assertThat(limits.maxClustersPerAccount()).isEqualTo(5);
        assertThat(limits.maxNodesPerCluster()).isEqualTo(20);
        assertThat(limits.maxNameLength()).isEqualTo(64);
        assertThat(limits.maxAppDescriptionLength()).isEqualTo(1024);
        assertThat(limits.maxConfigItems()).isEqualTo(50);
        assertThat(limits.maxConfigItemNameLength()).isEqualTo(32);
        assertThat(limits.maxConfigItemValueLength()).isEqualTo(128);
        assertThat(limits.maxConfigSetNameLength()).isEqualTo(32);
        assertThat(limits.maxConfigSetDescriptionLength()).isEqualTo(128);
        assertThat(limits.minMemLimitBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(limits.maxRoutingDomainLength()).isEqualTo(128);
        assertThat(limits.maxRoutingContextLength()).isEqualTo(128);
        assertThat(limits.maxSlbNameLength()).isEqualTo(80);
        assertThat(limits.rescheduleMemoryPercent()).isEqualTo(60);
        assertThat(limits.rescheduleCpuPercent()).isEqualTo(40);
        assertThat(limits.logLinesPerContainer()).isEqualTo(100);
        assertThat(limits.maxRepositorySummaryLength()).isEqualTo(100);
    }

    @Test
    void namesOfOneToSixtyFourCharacters() {
        for (Consumer<String> check : java.util.List.<Consumer<String>>of(
                limits::requireClusterName, limits::requireAppName, limits::requireTemplateName)) {
            assertThatCode(() -> check.accept("a")).doesNotThrowAnyException();
            assertThatCode(() -> check.accept("x".repeat(64))).doesNotThrowAnyException();
            refused(ErrorCode.INVALID_NAME, () -> check.accept("x".repeat(65)), "65 characters", "at most 64");
            refused(ErrorCode.INVALID_NAME, () -> check.accept(""), "empty");
            refused(ErrorCode.INVALID_NAME, () -> check.accept(null), "empty");
        }
    }

    @Test
    void nameCharactersAreDigitsCjkLettersAndDash() {
        assertThatCode(() -> limits.requireClusterName("生产-集群-01")).doesNotThrowAnyException();
        assertThatCode(() -> limits.requireClusterName("汉".repeat(64))).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_NAME, () -> limits.requireClusterName("汉".repeat(65)), "65 characters");
        for (String bad : new String[]{"my_cluster", "my cluster", "a.b", "ü", "x/y"}) {
            refused(ErrorCode.INVALID_NAME, () -> limits.requireAppName(bad), "only digits, Chinese characters, letters and '-'");
        }
    }

    @Test
    void applicationDescriptionUpTo1024() {
        assertThat(limits.requireAppDescription(null)).isEmpty();
        assertThatCode(() -> limits.requireAppDescription("d".repeat(1024))).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_ARGUMENT, () -> limits.requireAppDescription("d".repeat(1025)), "1025 characters", "1024");
    }

    @Test
    void clusterQuotaOfFive() {
        assertThatCode(() -> limits.requireClusterQuota(4)).doesNotThrowAnyException();
        refused(ErrorCode.QUOTA_EXCEEDED, () -> limits.requireClusterQuota(5), "already has 5 clusters", "at most 5");
    }

    @Test
    void nodeQuotaOfTwenty() {
        assertThatCode(() -> limits.requireNodeQuota(0, 20)).doesNotThrowAnyException();
        assertThatCode(() -> limits.requireNodeQuota(19, 1)).doesNotThrowAnyException();
        refused(ErrorCode.QUOTA_EXCEEDED, () -> limits.requireNodeQuota(20, 1), "limit of 20", "at most 0 more");
        refused(ErrorCode.QUOTA_EXCEEDED, () -> limits.requireNodeQuota(15, 6), "at most 5 more");
        refused(ErrorCode.INVALID_ARGUMENT, () -> limits.requireNodeQuota(0, -1), "negative");
    }

    @Test
    void ecsPasswordEightToThirtyWithThreeKinds() {
        assertThatCode(() -> limits.requireEcsPassword("Abcdef1!".toCharArray())).doesNotThrowAnyException();
        assertThatCode(() -> limits.requireEcsPassword(("Ab1" + "x".repeat(27)).toCharArray())).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireEcsPassword("Abcde1!".toCharArray()), "7 characters");
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireEcsPassword(("Ab1" + "x".repeat(28)).toCharArray()), "31 characters");
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireEcsPassword("abcdefg1".toCharArray()), "2 kinds");
    }

    @Test
    void passwordsNeverAppearInMessages() {
        assertThatThrownBy(() -> limits.requireEcsPassword("secretpw".toCharArray())).message().doesNotContain("secretpw");
        assertThatThrownBy(() -> limits.requireRegistryPassword("zzzzzzzz".toCharArray())).message().doesNotContain("zzzzzzzz");
    }

    @Test
    void registryPasswordSevenToThirtyWithTwoKinds() {
        assertThatCode(() -> limits.requireRegistryPassword("abcdef1".toCharArray())).doesNotThrowAnyException();
        assertThatCode(() -> limits.requireRegistryPassword(("a1" + "b".repeat(28)).toCharArray())).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireRegistryPassword("abcde1".toCharArray()), "6 characters");
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireRegistryPassword(("a1" + "b".repeat(29)).toCharArray()), "31 characters");
        refused(ErrorCode.INVALID_PASSWORD, () -> limits.requireRegistryPassword("abcdefgh".toCharArray()), "1 kinds");
    }

    @Test
    void repositoryNameTwoToThirtyLowercaseWithInnerSeparators() {
        assertThat(limits.requireRepositoryName("ab")).isEqualTo("ab");
        assertThat(limits.requireRepositoryName("my-repo_v1.2")).isEqualTo("my-repo_v1.2");
        assertThatCode(() -> limits.requireRepositoryName("a".repeat(30))).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_NAME, () -> limits.requireRepositoryName("a"), "2-30");
        refused(ErrorCode.INVALID_NAME, () -> limits.requireRepositoryName("a".repeat(31)), "2-30");
        for (String bad : new String[]{"-ab", "ab-", "Ab", "a b"}) {
            refused(ErrorCode.INVALID_NAME, () -> limits.requireRepositoryName(bad), "lower-case");
        }
    }

    @Test
    void configSetNameOneToThirtyTwo() {
        assertThatCode(() -> limits.requireConfigSetName("e")).doesNotThrowAnyException();
        assertThatCode(() -> limits.requireConfigSetName("e".repeat(32))).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_NAME, () -> limits.requireConfigSetName("e".repeat(33)), "1-32");
        refused(ErrorCode.INVALID_NAME, () -> limits.requireConfigSetName(""), "1-32");
    }

    @Test
    void memLimitAtLeastFourMebibytes() {
        assertThat(limits.requireMemLimit(0)).isZero();
        assertThat(limits.requireMemLimit(4L << 20)).isEqualTo(4L << 20);
        refused(ErrorCode.INVALID_ARGUMENT, () -> limits.requireMemLimit((4L << 20) - 1), "below the minimum");
    }

    @Test
    void hostsOverrideAnyLimit() {
        Limits raised = limits.toBuilder().maxNodesPerCluster(100).maxClustersPerAccount(50).maxNameLength(10).build();
        assertThatCode(() -> raised.requireNodeQuota(20, 80)).doesNotThrowAnyException();
        refused(ErrorCode.QUOTA_EXCEEDED, () -> raised.requireNodeQuota(20, 81), "limit of 100");
        assertThatCode(() -> raised.requireClusterQuota(49)).doesNotThrowAnyException();
        refused(ErrorCode.INVALID_NAME, () -> raised.requireClusterName("x".repeat(11)), "at most 10");
        assertThat(limits.maxNodesPerCluster()).as("the defaults are untouched").isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void nonsensicalOverridesAreRefused(int value) {
        refused(ErrorCode.INVALID_ARGUMENT, () -> Limits.builder().maxClustersPerAccount(value).build(), "maxClustersPerAccount");
        refused(ErrorCode.INVALID_ARGUMENT, () -> Limits.builder().maxNodesPerCluster(value).build(), "maxNodesPerCluster");
    }

    @Test
    void inconsistentOverridesAreRefused() {
        refused(ErrorCode.INVALID_ARGUMENT, () -> Limits.builder().minEcsPasswordLength(12).maxEcsPasswordLength(10).build(),
                "maxEcsPasswordLength");
        refused(ErrorCode.INVALID_ARGUMENT, () -> Limits.builder().rescheduleCpuPercent(101).build(), "0-100");
    }
}
